-- rules/provinces/camau-2013.lua — Cà Mau's own PAR index, QĐ 1880/QĐ-UBND
-- (2013): area 1, "Công tác chỉ đạo, điều hành CCHC" (20 points).
--
-- Source (the only readable excerpt of the decision's table):
-- https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-1880-QD-UBND-nam-2013-xac-dinh-Chi-so-Cai-cach-hanh-chinh-Ca-Mau-229973.aspx
-- transcribed in /work/shared/data/methodologies/camau_qd1880_2013_partial.csv
-- (research-methodology §2, rules 1–6).  The table's columns are: Điểm tối đa |
-- Điều tra XHH | Tự đánh giá | SNV đánh giá (appraisal by the Department of
-- Home Affairs) | Điểm đạt được | Chỉ số.
--
-- What this file holds:
--   * criteria 1.1 (5 points) and 1.2 (2 points) with their sub-criterion
--     rules exactly as published;
--   * criterion 1.3 "Kiểm tra công tác CCHC" (3 points): its sub-criteria and
--     rules were cut off in the excerpt, so it takes its points from a data
--     column only;
--   * the other 10 points of area 1: not seen at all.  They are one node,
--     "1.rest", status "not public", fed by a data column only.  Without that
--     column a unit's area total stays unknown — better than pretending the
--     unseen 10 points were lost.
-- The decision's other areas were not readable, so the index here is area 1
-- alone (max 20).  No groups: Cà Mau's bands were not seen.
--
-- Units: the excerpt refers to the unit's "phòng, ban, đơn vị trực thuộc",
-- which fits a department (sở, ban, ngành); whether the same table also
-- scores districts is not known (data/methodologies/README.md).

local SRC = "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-1880-QD-UBND-nam-2013-xac-dinh-Chi-so-Cai-cach-hanh-chinh-Ca-Mau-229973.aspx"

return index {
  code = "CAMAU2013", year = 2013, unit = "department",
  name = "Chỉ số CCHC tỉnh Cà Mau 2013 — lĩnh vực 1",
  name_en = "Cà Mau PAR index 2013 — area 1 (direction and management of PAR)",
  decision = "QĐ 1880/QĐ-UBND (2013)", source = SRC, status = "official",
  note = "Only area 1 of QĐ 1880 was readable: the index here is that area (20 points). "
    .. "Criterion 1.3 and 10 more points of the area are known only by their maxima.",
  max = 20,

  area { code = "1", name = "Công tác chỉ đạo, điều hành CCHC", max = 20, source = SRC, status = "official",
    owner = "Sở Nội vụ",  -- the table's appraisal column is the Department of Home Affairs' ("SNV đánh giá")

    criterion { code = "1.1", name = "Kế hoạch CCHC năm", max = 5, status = "official",
      -- Ban hành kịp thời: 1; ban hành không kịp thời: 0,5; không ban hành: 0.
      sub { code = "1.1.1", name = "Ban hành kế hoạch CCHC năm", max = 1, status = "official",
        score = on_time { column = "plan_issued", on_time = 1, late = 0.5, not_done = 0 } },
      -- 1 only when every task is identified AND a budget is allocated: the
      -- cell says "có" for both together, "không" when either is missing.
      sub { code = "1.1.2", name = "Xác định đầy đủ các nhiệm vụ CCHC trên các lĩnh vực theo kế hoạch năm "
          .. "của UBND tỉnh và bố trí kinh phí thực hiện", max = 1, status = "official",
        score = yes_no { column = "plan_tasks_budget", yes = 1, no = 0 } },
      -- Đạt yêu cầu: 1; không đạt yêu cầu: 0.
      sub { code = "1.1.3", name = "Các kết quả phải đạt được xác định rõ ràng, cụ thể và định rõ trách nhiệm "
          .. "triển khai của phòng, ban, đơn vị trực thuộc", max = 1, status = "official",
        score = yes_no { column = "plan_results_clear", yes = 1, no = 0 } },
      -- Trên 90% kế hoạch: 2; từ 70% đến 90%: 1; dưới 70%: 0.  Both 70 and 90
      -- belong to the middle step: exactly 90% earns 1, not 2.
      sub { code = "1.1.4", name = "Mức độ thực hiện kế hoạch CCHC", max = 2, status = "official",
        score = steps { column = "plan_done_pct",
          { above = 90, points = 2 }, { from = 70, points = 1 }, { otherwise = 0 } } },
    },

    criterion { code = "1.2", name = "Báo cáo CCHC", max = 2, status = "official",
      -- Quarterly (Q1, Q3), half-year and annual reports, all of them and on
      -- time: 1.  Any report missing or late: 0, so "late" earns nothing here.
      sub { code = "1.2.1", name = "Tất cả báo cáo được gửi đúng thời gian quy định (báo cáo quý I, quý III, "
          .. "báo cáo 6 tháng và báo cáo năm)", max = 1, status = "official",
        score = on_time { column = "reports_on_time", on_time = 1, late = 0, not_done = 0 } },
      -- Đạt yêu cầu: 1; không đạt yêu cầu: 0.
      sub { code = "1.2.2", name = "Tất cả báo cáo có đầy đủ nội dung theo hướng dẫn", max = 1, status = "official",
        score = yes_no { column = "reports_content_full", yes = 1, no = 0 } },
    },

    -- Rules cut off in the excerpt: points as appraised, from the data.
    criterion { code = "1.3", name = "Kiểm tra công tác CCHC", max = 3, status = "not public",
      column = "inspection_points",
      note = "Max 3 is published; the sub-criteria and rules were cut off in the only excerpt found." },

    -- The rest of area 1 (20 − 5 − 2 − 3 = 10 points) was not seen.
    part { code = "1.rest", name = "Các tiêu chí còn lại của lĩnh vực 1 (không đọc được)",
      name_en = "The rest of area 1 (not readable)", max = 10, status = "not public",
      column = "area1_rest_points",
      note = "Area 1 is worth 20 points; criteria 1.1–1.3 account for 10. The criteria holding the other "
        .. "10 points were not in the excerpt." },
  },
}
