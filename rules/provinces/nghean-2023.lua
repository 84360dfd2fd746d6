-- rules/provinces/nghean-2023.lua — Nghệ An's PAR index of its departments
-- (sở, ban, ngành cấp tỉnh), QĐ 3323/QĐ-UBND (16/10/2023).
--
-- ILLUSTRATIVE.  Only the shape of this index is public:
--   7 areas, 48 criteria (tiêu chí), 89 sub-criteria (tiêu chí thành phần);
--   criteria / sub-criteria per area: direction 8/12; institutions 6/9;
--   administrative procedures 7/18; organisation 5/11; civil service 8/13;
--   public finance 5/12; e-government 9/14.  Departments self-assess with
--   evidence uploaded to scoring software; an Appraisal Council then reviews.
--   https://vrviet.vn/en/bang-xep-hang-va-cach-danh-gia-xac-dinh-chi-so-cchc-cac-so-ban-nganh-cap-tinh-nghe-an-nam-2023
--   (the province builds its own index under QĐ 876/QĐ-BNV:
--   https://nguoinghe.vn/nghe-an-thuc-hien-tham-muu-trien-khai-de-an-xac-dinh-chi-so-cai-cach-hanh-chinh-giai-doan-2022-2030-a249245.html)
--
-- NOT public, and therefore made up for illustration here — do not read any of
-- it as Nghệ An's text: every criterion and sub-criterion name, every maximum,
-- every rule and threshold, the owners, the survey part and the group bands.
-- The counts above are kept exactly, so `chiso check` and
-- tests/rules/test_indices.lua can count 7 / 48 / 89.  What is borrowed:
--   * the rule patterns seen in official tables (research-methodology §2):
--     on time / late / not issued, yes/no, steps, rate × max, a count schedule,
--     deductions per case, "no case in the year → full points";
--   * the total of 80 points of self-assessment + 20 of survey, as in Hà Tĩnh's
--     department index (QĐ 52/2019/QĐ-UBND: data/methodologies/README.md);
--   * "not applicable" for departments without administrative procedures, as
--     Hà Nam does for its area 3 (QĐ 1156/QĐ-UBND, 2023:
--     https://snnptnt.hanam.gov.vn/Pages/huong-dan-tu-danh-gia-cham-diem-chi-so-cchc-nam-2023.aspx).
--     Here the whole of area 3 — online public services included — is left out
--     of such a department's maximum, and its result is the % of the rest;
--   * group labels Tốt / Khá / Trung bình / Yếu, as Khánh Hòa uses
--     (https://cchc.khanhhoa.gov.vn/vi/viec-can-lam-ngay); the bounds are made up.
--
-- Data: one row per department (column `department`), the columns named
-- below, and `has_procedures` ("có" / "không").  Synthetic data:
-- datasets/synthetic/nghean_departments_2023.csv (scripts/gen-departments.lua).

local SRC = "https://vrviet.vn/en/bang-xep-hang-va-cach-danh-gia-xac-dinh-chi-so-cchc-cac-so-ban-nganh-cap-tinh-nghe-an-nam-2023"
local ILL = "illustrative"

-- A department that handles no administrative procedures is not scored on
-- area 3.  The condition sits on the area and, again, on each of its leaves:
-- the engine applies na_when to the node that declares it only, so without
-- the repetition the leaves would still be scored and shown as points lost.
local NO_TTHC = { column = "has_procedures", is = "không" }

-- Points for apologising for overdue dossiers (3.3.2): no overdue dossier →
-- full point; every overdue dossier apologised for in writing → half; else 0.
-- No count reported earns nothing, like the built-in rules' default
-- (missing = 0).  rawget: an empty cell is absent from the row, and reading
-- it as u.dossiers_overdue raises an error in the engine.
local function apologies(u)
  local overdue = rawget(u, "dossiers_overdue")
  if overdue == nil then return 0 end
  if overdue == 0 then return 1 end
  local letters = rawget(u, "apology_letters") or 0
  return letters >= overdue and 0.5 or 0
end

return index {
  code = "NGHEAN2023", year = 2023, unit = "department",
  name = "Chỉ số CCHC các sở, ban, ngành tỉnh Nghệ An 2023 (minh họa)",
  name_en = "Nghệ An PAR index of provincial departments 2023 (illustrative)",
  decision = "QĐ 3323/QĐ-UBND (16/10/2023)", source = SRC, status = ILL,
  note = "Only the counts (7 areas, 48 criteria, 89 sub-criteria, per-area counts) are public. Names, "
    .. "maxima, rules, owners, the 80 + 20 split and the bands are illustrative.",
  max = 100,
  groups = { { "Tốt", 80 }, { "Khá", 65 }, { "Trung bình", 50 }, { "Yếu" } },

  ---------------------------------------------------------------------------
  area { code = "1", name = "Công tác chỉ đạo, điều hành CCHC", max = 10, owner = "Sở Nội vụ",
    status = ILL, source = SRC,
    criterion { code = "1.1", name = "Kế hoạch CCHC năm", max = 2.5, status = ILL,
      sub { code = "1.1.1", name = "Ban hành kế hoạch CCHC năm", max = 1, status = ILL,
        score = on_time { column = "plan_issued", on_time = 1, late = 0.5, not_done = 0 } },
      sub { code = "1.1.2", name = "Kế hoạch xác định rõ nhiệm vụ, kết quả, thời hạn, trách nhiệm", max = 0.5,
        status = ILL, score = yes_no { column = "plan_clear", yes = 0.5, no = 0 } },
      sub { code = "1.1.3", name = "Mức độ hoàn thành kế hoạch CCHC", max = 1, status = ILL,
        score = steps { column = "plan_done_pct",
          { from = 100, points = 1 }, { from = 80, points = 0.5 }, { otherwise = 0 } } },
    },
    criterion { code = "1.2", name = "Báo cáo CCHC định kỳ", max = 1.5, status = ILL,
      -- a quarter of a point off for each report sent late or not sent
      sub { code = "1.2.1", name = "Gửi báo cáo CCHC đúng hạn", max = 1, status = ILL,
        score = penalty { column = "reports_late", per = 0.25 } },
      sub { code = "1.2.2", name = "Báo cáo đầy đủ nội dung theo hướng dẫn", max = 0.5, status = ILL,
        score = yes_no { column = "reports_content_full", yes = 0.5, no = 0 } },
    },
    criterion { code = "1.3", name = "Kiểm tra công tác CCHC tại đơn vị trực thuộc", max = 1.5, status = ILL,
      sub { code = "1.3.1", name = "Ban hành kế hoạch kiểm tra CCHC", max = 0.5, status = ILL,
        score = yes_no { column = "inspection_plan", yes = 0.5, no = 0 } },
      -- no unit planned for inspection: nothing to fall short of, full points
      sub { code = "1.3.2", name = "Tỷ lệ đơn vị được kiểm tra theo kế hoạch", max = 0.5, status = ILL,
        score = rate { num = "units_inspected", den = "units_to_inspect", zero = "full" } },
      sub { code = "1.3.3", name = "Xử lý vấn đề phát hiện qua kiểm tra", max = 0.5, status = ILL,
        score = rate { column = "issues_fixed_pct", scale = 100 } },
    },
    criterion { code = "1.4", name = "Tuyên truyền CCHC", max = 1.5, status = ILL,
      sub { code = "1.4.1", name = "Ban hành kế hoạch tuyên truyền CCHC", max = 0.5, status = ILL,
        score = yes_no { column = "outreach_plan", yes = 0.5, no = 0 } },
      sub { code = "1.4.2", name = "Mức độ thực hiện kế hoạch tuyên truyền", max = 1, status = ILL,
        score = steps { column = "outreach_done_pct",
          { from = 100, points = 1 }, { from = 80, points = 0.5 }, { otherwise = 0 } } },
    },
    -- a count of initiatives: two or more earn the point
    criterion { code = "1.5", name = "Sáng kiến, giải pháp mới trong CCHC được công nhận", max = 1, status = ILL,
      score = schedule { column = "par_initiatives", { 2, 1 }, { 1, 0.5 }, otherwise = 0 } },
    criterion { code = "1.6", name = "Thực hiện nhiệm vụ UBND tỉnh giao về CCHC", max = 1, status = ILL,
      sub { code = "1.6.1", name = "Tỷ lệ nhiệm vụ hoàn thành đúng hạn", max = 0.5, status = ILL,
        score = rate { num = "tasks_on_time", den = "tasks_assigned", zero = "full" } },
      sub { code = "1.6.2", name = "Nhiệm vụ quá hạn chưa hoàn thành", max = 0.5, status = ILL,
        score = penalty { column = "tasks_overdue", per = 0.25 } },
    },
    criterion { code = "1.7", name = "Người đứng đầu trực tiếp chủ trì họp, chỉ đạo CCHC", max = 0.5, status = ILL,
      score = yes_no { column = "head_chairs_par", yes = 0.5, no = 0 } },
    criterion { code = "1.8", name = "Gắn kết quả CCHC với thi đua, khen thưởng", max = 0.5, status = ILL,
      score = yes_no { column = "par_in_emulation", yes = 0.5, no = 0 } },
  },

  ---------------------------------------------------------------------------
  area { code = "2", name = "Cải cách thể chế", max = 9, owner = "Sở Tư pháp", status = ILL, source = SRC,
    criterion { code = "2.1", name = "Tham mưu xây dựng văn bản quy phạm pháp luật", max = 2.5, status = ILL,
      -- no document planned in the year: full points (the "no assignment" pattern)
      sub { code = "2.1.1", name = "Tỷ lệ văn bản QPPL tham mưu ban hành đúng kế hoạch", max = 1.5, status = ILL,
        score = rate { num = "legal_docs_on_plan", den = "legal_docs_planned", zero = "full" } },
      sub { code = "2.1.2", name = "Dự thảo văn bản QPPL được thẩm định đầy đủ", max = 0.5, status = ILL,
        score = yes_no { column = "legal_docs_appraised", yes = 0.5, no = 0 } },
      -- a single unlawful document takes the whole half point
      sub { code = "2.1.3", name = "Văn bản bị cơ quan có thẩm quyền kết luận trái pháp luật", max = 0.5,
        status = ILL, score = penalty { column = "legal_docs_unlawful", per = 0.5 } },
    },
    criterion { code = "2.2", name = "Rà soát, hệ thống hóa văn bản QPPL", max = 1.5, status = ILL,
      sub { code = "2.2.1", name = "Ban hành kế hoạch rà soát văn bản", max = 0.5, status = ILL,
        score = on_time { column = "review_plan", on_time = 0.5, late = 0.25, not_done = 0 } },
      sub { code = "2.2.2", name = "Xử lý văn bản sau rà soát", max = 1, status = ILL,
        score = rate { column = "review_followup_pct", scale = 100 } },
    },
    criterion { code = "2.3", name = "Theo dõi thi hành pháp luật", max = 1.5, status = ILL,
      sub { code = "2.3.1", name = "Ban hành kế hoạch theo dõi thi hành pháp luật", max = 0.5, status = ILL,
        score = yes_no { column = "law_monitoring_plan", yes = 0.5, no = 0 } },
      sub { code = "2.3.2", name = "Mức độ thực hiện kế hoạch theo dõi thi hành pháp luật", max = 1, status = ILL,
        score = steps { column = "law_monitoring_done_pct",
          { from = 100, points = 1 }, { from = 80, points = 0.5 }, { otherwise = 0 } } },
    },
    criterion { code = "2.4", name = "Phổ biến, giáo dục pháp luật", max = 1.5, status = ILL,
      sub { code = "2.4.1", name = "Ban hành kế hoạch phổ biến, giáo dục pháp luật", max = 0.5, status = ILL,
        score = yes_no { column = "legal_education_plan", yes = 0.5, no = 0 } },
      -- nothing below half the staff reached, full points at all of them
      sub { code = "2.4.2", name = "Tỷ lệ CBCCVC được phổ biến văn bản pháp luật mới", max = 1, status = ILL,
        score = linear { column = "legal_education_pct", from = 50, to = 100 } },
    },
    criterion { code = "2.5", name = "Lấy ý kiến đối tượng chịu tác động khi soạn thảo văn bản", max = 0.5,
      status = ILL, score = yes_no { column = "public_consultation", yes = 0.5, no = 0 } },
    criterion { code = "2.6", name = "Thực hiện kiến nghị sau kiểm tra văn bản", max = 1.5, status = ILL,
      score = rate { num = "doc_findings_fixed", den = "doc_findings", zero = "full" } },
  },

  ---------------------------------------------------------------------------
  area { code = "3", name = "Cải cách thủ tục hành chính", max = 16, owner = "Văn phòng UBND tỉnh",
    status = ILL, source = SRC, na_when = NO_TTHC, na = "exclude",
    note = "Not applicable to departments without administrative procedures: left out of their maximum "
      .. "(the Hà Nam pattern). Online public services are scored here, so the one exemption covers them.",
    criterion { code = "3.1", name = "Rà soát, đơn giản hóa thủ tục hành chính", max = 2, status = ILL,
      sub { code = "3.1.1", name = "Ban hành kế hoạch rà soát TTHC", max = 0.5, status = ILL, na_when = NO_TTHC,
        score = on_time { column = "tthc_review_plan", on_time = 0.5, late = 0.25, not_done = 0 } },
      sub { code = "3.1.2", name = "Tỷ lệ TTHC được rà soát theo kế hoạch", max = 1, status = ILL, na_when = NO_TTHC,
        score = rate { num = "tthc_reviewed", den = "tthc_to_review", zero = "full" } },
      sub { code = "3.1.3", name = "Phương án đơn giản hóa TTHC được thông qua", max = 0.5, status = ILL,
        na_when = NO_TTHC, score = yes_no { column = "tthc_simplified", yes = 0.5, no = 0 } },
    },
    criterion { code = "3.2", name = "Công bố, công khai thủ tục hành chính", max = 2.5, status = ILL,
      sub { code = "3.2.1", name = "Tham mưu công bố danh mục TTHC đúng hạn", max = 1, status = ILL,
        na_when = NO_TTHC, score = on_time { column = "tthc_list_published", on_time = 1, late = 0.5, not_done = 0 } },
      sub { code = "3.2.2", name = "Công khai TTHC trên Cổng dịch vụ công và tại Bộ phận một cửa", max = 1,
        status = ILL, na_when = NO_TTHC, score = yes_no { column = "tthc_publicised", yes = 1, no = 0 } },
      sub { code = "3.2.3", name = "TTHC công khai thiếu hoặc sai lệch", max = 0.5, status = ILL, na_when = NO_TTHC,
        score = penalty { column = "tthc_publicity_errors", per = 0.25 } },
    },
    criterion { code = "3.3", name = "Kết quả giải quyết hồ sơ thủ tục hành chính", max = 4, status = ILL,
      sub { code = "3.3.1", name = "Tỷ lệ hồ sơ giải quyết đúng hạn", max = 2, status = ILL, na_when = NO_TTHC,
        score = steps { column = "dossiers_on_time_pct",
          { from = 100, points = 2 }, { from = 98, points = 1.5 }, { from = 95, points = 1 }, { otherwise = 0 } } },
      -- two columns and three outcomes: a Lua function (see `apologies` above)
      sub { code = "3.3.2", name = "Xin lỗi bằng văn bản khi giải quyết hồ sơ quá hạn", max = 1, status = ILL,
        na_when = NO_TTHC, score = apologies },
      sub { code = "3.3.3", name = "Số hóa hồ sơ, kết quả giải quyết TTHC", max = 1, status = ILL, na_when = NO_TTHC,
        score = rate { column = "digitised_pct", scale = 100 } },
    },
    criterion { code = "3.4", name = "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", max = 2, status = ILL,
      -- no petition in the year: full points
      sub { code = "3.4.1", name = "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", max = 1.5, status = ILL,
        na_when = NO_TTHC, score = rate { num = "petitions_handled", den = "petitions", zero = "full" } },
      sub { code = "3.4.2", name = "Công khai kết quả xử lý phản ánh, kiến nghị", max = 0.5, status = ILL,
        na_when = NO_TTHC, score = yes_no { column = "petition_results_public", yes = 0.5, no = 0 } },
    },
    criterion { code = "3.5", name = "Thực hiện cơ chế một cửa, một cửa liên thông", max = 2.5, status = ILL,
      sub { code = "3.5.1", name = "Tỷ lệ TTHC tiếp nhận tại Trung tâm Phục vụ hành chính công", max = 1,
        status = ILL, na_when = NO_TTHC, score = rate { column = "tthc_at_centre_pct", scale = 100 } },
      sub { code = "3.5.2", name = "Cử công chức làm việc tại Bộ phận một cửa đúng quy định", max = 0.5,
        status = ILL, na_when = NO_TTHC, score = yes_no { column = "one_stop_staffing", yes = 0.5, no = 0 } },
      sub { code = "3.5.3", name = "Nhóm TTHC liên thông được triển khai", max = 1, status = ILL, na_when = NO_TTHC,
        score = schedule { column = "linked_procedure_groups", { 3, 1 }, { 2, 0.75 }, { 1, 0.5 }, otherwise = 0 } },
    },
    criterion { code = "3.6", name = "Cung cấp dịch vụ công trực tuyến", max = 1.5, status = ILL,
      sub { code = "3.6.1", name = "Tỷ lệ hồ sơ nộp trực tuyến", max = 1, status = ILL, na_when = NO_TTHC,
        score = linear { column = "online_dossiers_pct", from = 20, to = 80 } },
      sub { code = "3.6.2", name = "Tỷ lệ thanh toán trực tuyến phí, lệ phí", max = 0.5, status = ILL,
        na_when = NO_TTHC, score = rate { column = "online_payment_pct", scale = 100 } },
    },
    criterion { code = "3.7", name = "Vi phạm trong giải quyết thủ tục hành chính", max = 1.5, status = ILL,
      sub { code = "3.7.1", name = "CBCC bị xử lý vì vi phạm trong giải quyết TTHC", max = 1, status = ILL,
        na_when = NO_TTHC, score = penalty { column = "tthc_violations", per = 0.5 } },
      sub { code = "3.7.2", name = "Yêu cầu bổ sung hồ sơ quá một lần", max = 0.5, status = ILL, na_when = NO_TTHC,
        score = penalty { column = "repeat_requests", per = 0.1 } },
    },
  },

  ---------------------------------------------------------------------------
  area { code = "4", name = "Cải cách tổ chức bộ máy hành chính", max = 9, owner = "Sở Nội vụ",
    status = ILL, source = SRC,
    criterion { code = "4.1", name = "Quy định chức năng, nhiệm vụ, cơ cấu tổ chức", max = 2, status = ILL,
      sub { code = "4.1.1", name = "Tham mưu quy định chức năng, nhiệm vụ đúng hạn", max = 1, status = ILL,
        score = on_time { column = "functions_rule", on_time = 1, late = 0.5, not_done = 0 } },
      sub { code = "4.1.2", name = "Sắp xếp tổ chức bên trong theo quy định", max = 1, status = ILL,
        score = yes_no { column = "internal_units_ok", yes = 1, no = 0 } },
    },
    criterion { code = "4.2", name = "Quản lý, sử dụng biên chế", max = 2.5, status = ILL,
      sub { code = "4.2.1", name = "Sử dụng biên chế không vượt số được giao", max = 1, status = ILL,
        score = yes_no { column = "staff_within_quota", yes = 1, no = 0 } },
      sub { code = "4.2.2", name = "Tinh giản biên chế theo lộ trình", max = 1, status = ILL,
        score = rate { num = "staff_reduced", den = "staff_reduction_target", zero = "full" } },
      sub { code = "4.2.3", name = "Bố trí số lượng người làm việc theo đề án được duyệt", max = 0.5, status = ILL,
        score = yes_no { column = "staffing_plan_followed", yes = 0.5, no = 0 } },
    },
    criterion { code = "4.3", name = "Số lượng lãnh đạo theo quy định", max = 1.5, status = ILL,
      sub { code = "4.3.1", name = "Số cấp phó vượt quy định", max = 1, status = ILL,
        score = penalty { column = "excess_deputies", per = 0.5 } },
      sub { code = "4.3.2", name = "Cơ cấu lãnh đạo phòng đúng quy định", max = 0.5, status = ILL,
        score = yes_no { column = "division_heads_ok", yes = 0.5, no = 0 } },
    },
    criterion { code = "4.4", name = "Đơn vị sự nghiệp công lập trực thuộc", max = 1.5, status = ILL,
      sub { code = "4.4.1", name = "Tỷ lệ đơn vị sự nghiệp tự bảo đảm chi thường xuyên", max = 1, status = ILL,
        score = rate { column = "self_financing_pct", scale = 100 } },
      sub { code = "4.4.2", name = "Sắp xếp đơn vị sự nghiệp theo đề án", max = 0.5, status = ILL,
        score = yes_no { column = "psu_rearranged", yes = 0.5, no = 0 } },
    },
    criterion { code = "4.5", name = "Phân cấp, ủy quyền", max = 1.5, status = ILL,
      sub { code = "4.5.1", name = "Thực hiện nhiệm vụ được phân cấp, ủy quyền", max = 1, status = ILL,
        score = yes_no { column = "delegated_tasks_done", yes = 1, no = 0 } },
      sub { code = "4.5.2", name = "Báo cáo thực hiện phân cấp, ủy quyền", max = 0.5, status = ILL,
        score = on_time { column = "delegation_report", on_time = 0.5, late = 0.25, not_done = 0 } },
    },
  },

  ---------------------------------------------------------------------------
  area { code = "5", name = "Cải cách chế độ công vụ", max = 12, owner = "Sở Nội vụ", status = ILL, source = SRC,
    criterion { code = "5.1", name = "Vị trí việc làm", max = 2, status = ILL,
      sub { code = "5.1.1", name = "Trình phê duyệt đề án vị trí việc làm đúng hạn", max = 1, status = ILL,
        score = on_time { column = "job_positions_submitted", on_time = 1, late = 0.5, not_done = 0 } },
      sub { code = "5.1.2", name = "Tỷ lệ công chức bố trí đúng vị trí việc làm", max = 1, status = ILL,
        score = rate { column = "staff_in_position_pct", scale = 100 } },
    },
    criterion { code = "5.2", name = "Tuyển dụng, sử dụng công chức, viên chức", max = 1.5, status = ILL,
      sub { code = "5.2.1", name = "Tuyển dụng đúng quy định", max = 1, status = ILL,
        score = yes_no { column = "recruitment_lawful", yes = 1, no = 0 } },
      sub { code = "5.2.2", name = "Công khai kết quả tuyển dụng", max = 0.5, status = ILL,
        score = yes_no { column = "recruitment_public", yes = 0.5, no = 0 } },
    },
    criterion { code = "5.3", name = "Đánh giá, xếp loại công chức, viên chức", max = 1.5, status = ILL,
      sub { code = "5.3.1", name = "Đánh giá, xếp loại đúng thời hạn", max = 0.5, status = ILL,
        score = on_time { column = "appraisal_done", on_time = 0.5, late = 0.25, not_done = 0 } },
      -- an upper bound: too many "excellent" ratings lose the point
      sub { code = "5.3.2", name = "Tỷ lệ xếp loại hoàn thành xuất sắc trong giới hạn quy định", max = 1,
        status = ILL, score = steps { column = "excellent_pct", { upto = 20, points = 1 }, { otherwise = 0 } } },
    },
    criterion { code = "5.4", name = "Đào tạo, bồi dưỡng công chức, viên chức", max = 1.5, status = ILL,
      score = linear { column = "training_done_pct", from = 50, to = 100 } },
    criterion { code = "5.5", name = "Kỷ luật, kỷ cương hành chính", max = 2, status = ILL,
      sub { code = "5.5.1", name = "CBCCVC bị kỷ luật", max = 1, status = ILL,
        score = penalty { column = "disciplined_staff", per = 0.5 } },
      sub { code = "5.5.2", name = "Thực hiện quy tắc ứng xử, văn hóa công sở", max = 1, status = ILL,
        score = yes_no { column = "office_culture", yes = 1, no = 0 } },
    },
    criterion { code = "5.6", name = "Phản ánh về thái độ, tác phong của CBCCVC", max = 1, status = ILL,
      sub { code = "5.6.1", name = "Phản ánh có căn cứ về nhũng nhiễu, gây phiền hà", max = 0.5, status = ILL,
        score = penalty { column = "harassment_cases", per = 0.25 } },
      sub { code = "5.6.2", name = "Tỷ lệ phản ánh về CBCCVC được xử lý", max = 0.5, status = ILL,
        score = rate { num = "staff_complaints_handled", den = "staff_complaints", zero = "full" } },
    },
    criterion { code = "5.7", name = "Chính sách thu hút, trọng dụng người có tài năng", max = 0.5, status = ILL,
      score = yes_no { column = "talent_policy", yes = 0.5, no = 0 } },
    criterion { code = "5.8", name = "Quản lý hồ sơ, cơ sở dữ liệu CBCCVC", max = 2, status = ILL,
      sub { code = "5.8.1", name = "Cập nhật cơ sở dữ liệu CBCCVC", max = 1, status = ILL,
        score = rate { column = "hr_database_pct", scale = 100 } },
      sub { code = "5.8.2", name = "Báo cáo số lượng, chất lượng CBCCVC đúng hạn", max = 0.5, status = ILL,
        score = on_time { column = "hr_report", on_time = 0.5, late = 0.25, not_done = 0 } },
      sub { code = "5.8.3", name = "Kê khai tài sản, thu nhập đúng quy định", max = 0.5, status = ILL,
        score = yes_no { column = "asset_declaration", yes = 0.5, no = 0 } },
    },
  },

  ---------------------------------------------------------------------------
  area { code = "6", name = "Cải cách tài chính công", max = 10, owner = "Sở Tài chính", status = ILL, source = SRC,
    criterion { code = "6.1", name = "Quản lý, sử dụng ngân sách", max = 2.5, status = ILL,
      sub { code = "6.1.1", name = "Tỷ lệ giải ngân vốn đầu tư công", max = 1, status = ILL,
        score = steps { column = "disbursement_pct",
          { from = 95, points = 1 }, { from = 80, points = 0.5 }, { otherwise = 0 } } },
      sub { code = "6.1.2", name = "Công khai ngân sách đúng quy định", max = 1, status = ILL,
        score = on_time { column = "budget_disclosed", on_time = 1, late = 0.5, not_done = 0 } },
      sub { code = "6.1.3", name = "Sai phạm tài chính phát hiện qua thanh tra, kiểm toán", max = 0.5, status = ILL,
        score = penalty { column = "audit_breaches", per = 0.25 } },
    },
    criterion { code = "6.2", name = "Cơ chế tự chủ tài chính", max = 2.5, status = ILL,
      sub { code = "6.2.1", name = "Ban hành quy chế chi tiêu nội bộ", max = 1, status = ILL,
        score = yes_no { column = "spending_rules", yes = 1, no = 0 } },
      sub { code = "6.2.2", name = "Ban hành quy chế quản lý, sử dụng tài sản công", max = 0.5, status = ILL,
        score = yes_no { column = "asset_rules", yes = 0.5, no = 0 } },
      -- a department with no public service unit has nothing to grant: full points
      sub { code = "6.2.3", name = "Giao quyền tự chủ cho đơn vị sự nghiệp trực thuộc", max = 1, status = ILL,
        score = rate { num = "psu_autonomous", den = "psu_count", zero = "full" } },
    },
    criterion { code = "6.3", name = "Quản lý tài sản công", max = 2, status = ILL,
      sub { code = "6.3.1", name = "Báo cáo kê khai tài sản công đúng hạn", max = 1, status = ILL,
        score = on_time { column = "asset_report", on_time = 1, late = 0.5, not_done = 0 } },
      sub { code = "6.3.2", name = "Sắp xếp lại, xử lý nhà, đất", max = 1, status = ILL,
        score = yes_no { column = "property_rearranged", yes = 1, no = 0 } },
    },
    criterion { code = "6.4", name = "Thực hành tiết kiệm, chống lãng phí", max = 1.5, status = ILL,
      sub { code = "6.4.1", name = "Ban hành chương trình thực hành tiết kiệm", max = 0.5, status = ILL,
        score = yes_no { column = "savings_programme", yes = 0.5, no = 0 } },
      sub { code = "6.4.2", name = "Tỷ lệ tiết kiệm chi thường xuyên", max = 1, status = ILL,
        score = steps { column = "savings_pct",
          { from = 10, points = 1 }, { from = 5, points = 0.5 }, { otherwise = 0 } } },
    },
    criterion { code = "6.5", name = "Thực hiện kiến nghị thanh tra, kiểm toán", max = 1.5, status = ILL,
      sub { code = "6.5.1", name = "Tỷ lệ kiến nghị đã thực hiện", max = 1, status = ILL,
        score = rate { num = "audit_recs_done", den = "audit_recs", zero = "full" } },
      sub { code = "6.5.2", name = "Báo cáo thực hiện kiến nghị đúng hạn", max = 0.5, status = ILL,
        score = on_time { column = "audit_recs_report", on_time = 0.5, late = 0.25, not_done = 0 } },
    },
  },

  ---------------------------------------------------------------------------
  area { code = "7", name = "Xây dựng và phát triển chính quyền điện tử, chính quyền số", max = 14,
    owner = "Sở Thông tin và Truyền thông", status = ILL, source = SRC,
    criterion { code = "7.1", name = "Kế hoạch chuyển đổi số năm", max = 1, status = ILL,
      score = on_time { column = "dx_plan", on_time = 1, late = 0.5, not_done = 0 } },
    criterion { code = "7.2", name = "Quản lý văn bản, điều hành trên môi trường mạng", max = 2, status = ILL,
      sub { code = "7.2.1", name = "Tỷ lệ văn bản đi được ký số", max = 1, status = ILL,
        score = rate { column = "docs_signed_pct", scale = 100 } },
      sub { code = "7.2.2", name = "Tỷ lệ văn bản trao đổi hoàn toàn dưới dạng điện tử", max = 1, status = ILL,
        score = steps { column = "e_docs_pct",
          { from = 90, points = 1 }, { from = 70, points = 0.5 }, { otherwise = 0 } } },
    },
    criterion { code = "7.3", name = "Hạ tầng, trang thiết bị công nghệ thông tin", max = 1.5, status = ILL,
      -- share of staff with a computer × max: the pattern of MIC's IT-application index
      sub { code = "7.3.1", name = "Tỷ lệ CBCC được trang bị máy tính", max = 1, status = ILL,
        score = rate { column = "staff_with_computer_pct", scale = 100 } },
      sub { code = "7.3.2", name = "Kết nối mạng truyền số liệu chuyên dùng", max = 0.5, status = ILL,
        score = yes_no { column = "dedicated_network", yes = 0.5, no = 0 } },
    },
    criterion { code = "7.4", name = "Trang thông tin điện tử", max = 1.5, status = ILL,
      sub { code = "7.4.1", name = "Cập nhật thông tin trên trang thông tin điện tử", max = 1, status = ILL,
        score = yes_no { column = "website_updated", yes = 1, no = 0 } },
      sub { code = "7.4.2", name = "Chuyên mục CCHC trên trang thông tin điện tử", max = 0.5, status = ILL,
        score = yes_no { column = "website_par_section", yes = 0.5, no = 0 } },
    },
    criterion { code = "7.5", name = "Họp trực tuyến", max = 1, status = ILL,
      score = schedule { column = "online_meetings", { 12, 1 }, { 6, 0.5 }, otherwise = 0 } },
    criterion { code = "7.6", name = "Cơ sở dữ liệu chuyên ngành", max = 2, status = ILL,
      sub { code = "7.6.1", name = "Xây dựng cơ sở dữ liệu chuyên ngành theo kế hoạch", max = 1, status = ILL,
        score = yes_no { column = "sector_database", yes = 1, no = 0 } },
      sub { code = "7.6.2", name = "Chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu của tỉnh", max = 1,
        status = ILL, score = yes_no { column = "data_shared", yes = 1, no = 0 } },
    },
    criterion { code = "7.7", name = "Bảo đảm an toàn thông tin", max = 2, status = ILL,
      sub { code = "7.7.1", name = "Phê duyệt cấp độ an toàn hệ thống thông tin", max = 1, status = ILL,
        score = yes_no { column = "security_level_approved", yes = 1, no = 0 } },
      sub { code = "7.7.2", name = "Sự cố mất an toàn thông tin", max = 1, status = ILL,
        score = penalty { column = "security_incidents", per = 0.5 } },
    },
    criterion { code = "7.8", name = "Nhân lực chuyển đổi số", max = 1.5, status = ILL,
      sub { code = "7.8.1", name = "Bố trí công chức phụ trách công nghệ thông tin", max = 0.5, status = ILL,
        score = yes_no { column = "it_officer", yes = 0.5, no = 0 } },
      sub { code = "7.8.2", name = "Tỷ lệ CBCC được bồi dưỡng kỹ năng số", max = 1, status = ILL,
        score = rate { column = "digital_skills_pct", scale = 100 } },
    },
    criterion { code = "7.9", name = "Chế độ báo cáo điện tử", max = 1.5, status = ILL,
      sub { code = "7.9.1", name = "Kết nối Hệ thống thông tin báo cáo của tỉnh", max = 0.5, status = ILL,
        score = yes_no { column = "reporting_system", yes = 0.5, no = 0 } },
      sub { code = "7.9.2", name = "Báo cáo chuyển đổi số đúng hạn", max = 1, status = ILL,
        score = on_time { column = "dx_report", on_time = 1, late = 0.5, not_done = 0 } },
    },
  },

  ---------------------------------------------------------------------------
  -- The survey: a `part`, not an area, so the 7 areas / 48 criteria / 89
  -- sub-criteria of the decision stay countable.  Each leaf is a survey
  -- result in % (85% satisfied on a 10-point part gives 8.5).
  part { code = "KS", name = "Điều tra xã hội học", name_en = "Sociological survey", max = 20,
    owner = "Sở Nội vụ", status = ILL,
    note = "Illustrative: whether QĐ 3323 has a survey part, and its weight, is not public (Hà Tĩnh's "
      .. "department index has 80 + 20).",
    part { code = "KS.1", name = "Đánh giá của lãnh đạo, công chức các cơ quan, địa phương", max = 10,
      status = ILL, score = percent { column = "survey_officials_pct" } },
    part { code = "KS.2", name = "Sự hài lòng của người dân, tổ chức", max = 10, status = ILL,
      score = percent { column = "survey_people_pct" } },
  },

  -- The same total, by how the points are assessed.
  view { code = "by_source", name = "Theo phương pháp đánh giá",
    group { code = "TĐ", name = "Tự đánh giá, thẩm định", max = 80, of = { "1", "2", "3", "4", "5", "6", "7" } },
    group { code = "ĐT", name = "Điều tra xã hội học", max = 20, of = { "KS" } },
  },
}
