-- rules/extract/vi.lua — how Vietnamese news text states PAR INDEX, SIPAS,
-- PAPI and PCI figures, for `chiso extract`.
--
-- This file only declares patterns; scripts/lib/extract.lua does the rest:
-- it finds the mentions below in each sentence, binds every figure to the
-- unit, index (or component) and year named nearest to it, and turns the
-- named captures into a row.  It runs in the rule sandbox with `re` (PCRE2,
-- UTF-8 and Unicode properties on, match limits): a pattern that does not
-- compile stops the command at its line here.
--
-- HOW TO ADD A PHRASING
--   1. Find the list it belongs to: `figures` (a value, a rank or a change),
--      `indexes` / `components` (what a figure is about), `years`,
--      `aggregates` (averages and regions: not a unit's figure),
--      `not_figures` (numbers about something else: rates, targets),
--      `publication` (a posting date, for texts that name no year).
--   2. Add an entry { re = rx("a.name", [[pattern]]), … } next to its
--      neighbours.  rx() makes every space match any run of white space and
--      compiles case-insensitively; use the building blocks below (NUM, INT,
--      YEAR, VERB …) instead of repeating them.
--   3. Name the captures by what they mean (figures):
--        value, max, unit, bound      "đạt hơn 74,62/100 điểm"
--        rank, of, word               "xếp thứ 27/63", "xếp thứ hai" (word: see ordinals)
--        change, dir, cbound          "tăng 27 bậc" (dir: see directions; cbound: "hơn")
--        from, to                     "từ 51 lên 31": change +20, rank 31
--        since, prev                  "so với năm 2016" / "so với năm trước": the year compared
--        vchange, vdir, vunit, vbound "tăng 2,47%": a change of the value
--        component                    a component named by the text itself
--        list                         with respectively = pattern: figures for several
--                                     indices in turn ("lần lượt đạt 85,1% và 79,2%")
--      and, for the entry, constants and options:
--        set = { rank = 1 }           fields the phrase implies ("dẫn đầu");
--                                     rank = "last" for "đứng cuối"; index =
--                                     "SIPAS" when the phrase itself says which index
--        bind = { entity = "next", index = "next" }
--                                     the unit / index is named after the phrase
--                                     ("đứng đầu là Quảng Ninh", "tăng 2,47% Chỉ số …")
--        after = "entity"             only right after a unit's name: "Hải Phòng (91,87%)"
--        strict = true                the value needs a unit, a maximum or a decimal
--                                     part (so "là 5" is not a figure)
--        fn = function(m, row) … return row end
--                                     logic a pattern cannot express (m: the captures)
--   4. Add a sentence using it to tests/rules/test_extract.lua and run
--      `make test` (or: chiso run tests/rules/test_extract.lua).
--
-- When two patterns of one list match overlapping text, the longer match
-- wins (then the one listed first), so a specific phrase can override a
-- general one simply by being longer.

-- Spaces match any white space (news text often has two); case-insensitive.
-- rx() ends in a tail call, so re.compile reports a bad pattern at the line
-- that calls rx(); the offset it gives counts in the pattern after each
-- space became \s+.
local function P(pattern)
  return (pattern:gsub(" ", [[\s+]]))
end

local function rx(name, pattern)
  return re.compile(P(pattern), "i", name)
end

-- Building blocks ---------------------------------------------------------

-- A number as the press writes it: decimal comma (87,57), decimal dot in
-- some outlets (43.83), dot as thousands separator in counts (15.833).
-- Which reading applies is decided afterwards from the context.
-- Possessive, so that a number is never read in part ("15.833" is never "15.83").
local NUM = [[(?<![\d.,])\d{1,3}+(?:[.,]\d++)?+(?!\d)]]
local INT = [[(?<![\d.,])0?\d{1,3}+(?!\d)]]
local YEAR = [[(?:19|20)\d\d]]
-- Nouns that make a number before them a count, not a score.
local COUNT = [[(?:người|phiếu|lượt|hồ sơ|doanh nghiệp|thủ tục|dịch vụ|ý kiến|cán bộ|công chức|viên chức|đơn vị|xã|phường|huyện|tỉnh|bộ|sở|tiêu chí|chỉ số|lĩnh vực|nhiệm vụ|văn bản|tháng|ngày|năm)]]
-- Verbs that introduce a value.
-- (Lookbehinds use \s: rx() turns plain spaces into \s+, which a lookbehind cannot hold.)
local VERB = [[(?<!chưa\s)(?<!không\s)(?:đạt được|đạt mức|đạt|được|là|với|ở mức)]]
local BOUND = [[(?:(?<bound>hơn|trên|gần|khoảng|xấp xỉ|dưới|chưa tới|chưa đến) )?]]
-- A value with its optional maximum and unit: "74,62/100 điểm", "(79,87/100%)", "88,13 %".
local VALUE = BOUND .. [[\(?\s*(?<value>]] .. NUM .. [[)(?!\s*]] .. COUNT .. [[)(?:\s*/\s*(?<max>]] .. NUM ..
              [[))?\s*(?<unit>%|điểm)?\)?]]
local UP_DOWN = [[(?<dir>tăng|giảm|tụt|lùi|thăng|vượt|nhảy|cải thiện|sụt)(?: lên| xuống)?(?: thêm)?]]
local SINCE = [[(?:\)? (?:so với|như) (?:cùng kỳ )?(?:năm (?<since>]] .. YEAR .. [[)|(?<prev>năm trước|năm ngoái)))?]]
-- "… trong Chỉ số CCHC": a PAR component qualified by its index.
local IN_PAR = [[(?: (?:trong|thuộc|của) (?:chỉ số (?:CCHC|cải cách hành chính)|PAR INDEX))?]]
local function par(p)
  return "(?:" .. p .. ")" .. IN_PAR
end
local HL = [[(?:chỉ số )?(?:sự )?hài lòng(?: của người dân,? tổ chức)? (?:về|đối với) ]]

return {
  -- Text structure ---------------------------------------------------------

  -- Where a sentence ends (not after "TP." and other abbreviations).
  sentence_end = re.compile([[(?<!\bTP)(?<!\bTp)(?<!\bTS)(?<!\bThS)(?<!\bPGS)(?<!\bGS)(?<!\bNXB)]] ..
                            [[(?:[.!?…]+|\./\.)(?=\s+["“(]?[\p{Lu}\d]|\s*$)]], "", "sentence_end"),

  -- Unit names are looked up with the name matcher (datasets/provinces.csv,
  -- ministries.csv, aliases.csv) on runs of words that begin with a capital.
  entity = {
    word = re.compile([[(?:TP|Tp|tp)\.(?:\p{Lu}+)?|[\p{L}\p{N}][\p{L}\p{M}\p{N}&]*(?:[\-'’][\p{L}\p{N}]+)*]], "", "entity.word"),
    head = re.compile([[^\p{Lu}]], "", "entity.head"),
    max_words = 7,
    -- A ministry named as a speaker's employer, a venue or the publisher of
    -- the results is not the unit a figure is about.
    not_after = {
      rx("entity.official", [[(?:Bộ trưởng|Thứ trưởng|Vụ trưởng|Phó Vụ trưởng|Cục trưởng|Chánh Văn phòng|trụ sở|lãnh đạo|đại diện)(?: Vụ [\p{L} ]+?,)? (?=\p{Lu})]]),
    },
    not_before = {
      rx("entity.publisher", [[\G(?: đã)? (?:công bố|tổ chức|kiểm tra|chủ trì|phối hợp|làm Trưởng đoàn|ban hành|hướng dẫn|thẩm định)]]),
    },
    not_kinds = { ministry = true },
  },

  -- National or regional averages: a figure about them is not a unit's.
  aggregates = {
    rx("aggregate.average", [[(?:điểm |mức |chỉ số )?(?:trung bình|bình quân)(?: chung)?(?: của)?(?: cả nước| toàn quốc| các tỉnh(?:, thành phố)?| 63 tỉnh(?:, thành phố)?| các bộ| vùng| khu vực)?]]),
    rx("aggregate.region", [[(?:vùng|khu vực) (?:Đồng bằng sông (?:Hồng|Cửu Long)|Trung du và miền núi phía Bắc|miền núi phía Bắc|Tây Nguyên|Đông Nam Bộ|Bắc Trung Bộ(?: và duyên hải miền Trung)?|duyên hải [\p{L} ]+?|Tây Bắc|Đông Bắc|Nam Trung Bộ|miền Trung|Tây Nam Bộ)]]),
    rx("aggregate.country", [[(?:cả nước|toàn quốc) (?:đạt|là|ở mức)]]),
  },

  -- What a figure is about -------------------------------------------------

  -- index = false: another index (its figures are not extracted);
  -- index = "same": refers back to the index named before ("chỉ số này").
  indexes = {
    { index = "PAR_INDEX", re = rx("index.par", [[chỉ số (?:c[ảaáà]i cách hành chính|CCHC)(?: \(\s*PAR[\s-]*INDEX\s*\))?]]) },
    { index = "PAR_INDEX", re = rx("index.par_name", [[PAR[\s-]*INDEX(?: (?<year>]] .. YEAR .. [[)\b)?]]) },
    { index = "PAR_INDEX", re = rx("index.par_points", [[(?:tổng )?điểm (?:CCHC|cải cách hành chính)]]) },
    { index = "SIPAS", re = rx("index.sipas_name", [[SIPAS(?: (?<year>]] .. YEAR .. [[)\b)?]]) },
    { index = "SIPAS", re = rx("index.sipas", [[chỉ số hài lòng(?: (?:về|đối với) sự phục vụ hành chính| của người dân,? tổ chức đối với sự phục vụ của (?:các )?cơ quan hành chính nhà nước)?]]) },
    { index = "SIPAS", re = rx("index.sipas_measure", [[(?:mức độ|sự) hài lòng của người dân,? tổ chức đối với sự phục vụ của (?:các )?cơ quan hành chính nhà nước]]) },
    { index = "PAPI", re = rx("index.papi", [[PAPI(?: (?<year>]] .. YEAR .. [[)\b)?|chỉ số (?:hiệu quả )?(?:quản trị và )?hành chính công(?: cấp tỉnh)?]]) },
    { index = "PCI", re = rx("index.pci", [[\bPCI(?: (?<year>]] .. YEAR .. [[)\b)?|chỉ số năng lực cạnh tranh cấp tỉnh]]) },
    { index = false, re = rx("index.other", [[\b(?:DDCI|DTI|PGI|SIPAS cấp (?:huyện|xã))\b|chỉ số (?:đánh giá )?năng lực cạnh tranh (?:cấp (?:sở|huyện)|các sở)|chỉ số chuyển đổi số|chỉ số xanh cấp tỉnh]]) },
    { index = false, re = rx("index.departments", [[chỉ số (?:CCHC|cải cách hành chính)(?: năm ]] .. YEAR .. [[)? (?:của |đối với )?(?:các )?(?:sở|cơ quan|UBND (?:các )?huyện|UBND cấp|cấp huyện|cấp xã|huyện)]]) },
    { index = "same", re = rx("index.this", [[(?:hai |các )?chỉ số (?:này|trên|nói trên)|tổng điểm|điểm số chung]]) },
  },

  -- Areas and sub-indices.  `code` is the column name used in
  -- datasets/published/ where one exists.
  components = {
    -- PAR INDEX areas (the names changed over the years; all are listed)
    { index = "PAR_INDEX", code = "area_leadership", name = "Công tác chỉ đạo, điều hành CCHC",
      re = rx("component.leadership", par([[(?:công tác )?chỉ đạo,? điều hành(?: (?:về )?(?:cải cách hành chính|CCHC))?]])) },
    { index = "PAR_INDEX", code = "area_institutions_legal_docs", name = "Cải cách thể chế / văn bản QPPL",
      re = rx("component.institutions", par([[(?:xây dựng và (?:tổ chức )?thực hiện )?(?:văn bản quy phạm pháp luật|văn bản QPPL|VBQPPL)|cải cách thể chế|công tác (?:xây dựng và )?(?:tổ chức )?thi hành pháp luật]])) },
    { index = "PAR_INDEX", code = "area_admin_procedures", name = "Cải cách thủ tục hành chính",
      re = rx("component.procedures", par([[cải cách thủ tục hành chính|CCTTHC]])) },
    { index = "PAR_INDEX", code = "area_apparatus", name = "Cải cách tổ chức bộ máy hành chính",
      re = rx("component.apparatus", par([[cải cách tổ chức bộ máy(?: hành chính)?(?: nhà nước)?]])) },
    { index = "PAR_INDEX", code = "area_civil_service", name = "Cải cách chế độ công vụ / chất lượng CBCCVC",
      re = rx("component.civil_service", par([[(?:xây dựng và )?nâng cao chất lượng (?:đội ngũ )?cán bộ,? công chức(?:,? viên chức)?|cải cách chế độ công vụ(?:,? công chức)?]])) },
    { index = "PAR_INDEX", code = "area_public_finance", name = "Cải cách tài chính công",
      re = rx("component.finance", par([[cải cách tài chính công]])) },
    { index = "PAR_INDEX", code = "area_modernisation_egov", name = "Hiện đại hóa hành chính / Chính phủ điện tử, số",
      re = rx("component.modernisation", par([[hiện đại h(?:óa|oá) (?:nền )?hành chính(?: nhà nước)?|xây dựng(?: và phát triển)? chính phủ điện tử(?:,? chính phủ số)?|xây dựng chính quyền điện tử(?:,? chính quyền số)?]])) },
    { index = "PAR_INDEX", code = "area_impact", name = "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
      re = rx("component.impact", par([[tác động của (?:cải cách hành chính|CCHC) (?:đến|tới) (?:người dân,? tổ chức(?: và (?:các chỉ tiêu )?phát triển kinh tế\s*[-–]\s*xã hội(?: của tỉnh)?)?|sự phát triển kinh tế\s*[-–]\s*xã hội)]])) },
    -- PAR INDEX parts by source of the assessment
    { index = "PAR_INDEX", code = "appraisal_pts", name = "Điểm thẩm định",
      re = rx("component.appraisal", par([[điểm (?:đánh giá trên (?:tất cả )?các lĩnh vực(?: cải cách hành chính| CCHC)?|thẩm định)]])) },
    { index = "PAR_INDEX", code = "impact_sipas_pts", name = "Điểm SIPAS trong PAR INDEX",
      re = rx("component.par_sipas", par([[điểm (?:đánh giá )?(?:qua )?(?:chỉ số hài lòng|SIPAS)(?:[^.;:()]*?\(SIPAS\))?]])) },
    { index = "PAR_INDEX", code = "impact_leaders_survey_pts", name = "Điểm khảo sát lãnh đạo, quản lý",
      re = rx("component.leaders", par([[điểm (?:khảo sát|điều tra)(?: xã hội học)?(?: đối với)?(?: cán bộ,)? (?:công chức|lãnh đạo)(?:,? (?:lãnh đạo )?quản lý)?]])) },
    { index = "PAR_INDEX", code = "impact_socioecon_pts", name = "Điểm tác động đến phát triển KT-XH",
      re = rx("component.socioecon", par([[điểm (?:đánh giá )?tác động (?:đến|tới) (?:sự )?phát triển kinh tế\s*[-–]\s*xã hội]])) },
    -- SIPAS elements
    { index = "SIPAS", code = "sipas_access", name = "Tiếp cận dịch vụ",
      re = rx("component.sipas_access", HL .. [[(?:việc )?tiếp cận dịch vụ]]) },
    { index = "SIPAS", code = "sipas_procedures", name = "Thủ tục hành chính",
      re = rx("component.sipas_procedures", HL .. [[thủ tục hành chính]]) },
    { index = "SIPAS", code = "sipas_civil_servants", name = "Công chức giải quyết TTHC",
      re = rx("component.sipas_servants", HL .. [[(?:sự phục vụ của )?công chức(?: giải quyết thủ tục hành chính)?]]) },
    { index = "SIPAS", code = "sipas_results", name = "Kết quả dịch vụ",
      re = rx("component.sipas_results", HL .. [[kết quả (?:giải quyết thủ tục hành chính|cung ứng dịch vụ|dịch vụ)]]) },
    { index = "SIPAS", code = "sipas_feedback", name = "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
      re = rx("component.sipas_feedback", HL .. [[(?:việc )?tiếp nhận,? (?:và )?xử lý (?:các )?(?:ý kiến|phản ánh)[^.;:]*?kiến nghị]]) },
  },

  -- Years ------------------------------------------------------------------

  -- measured: the year a figure is about ("năm 2017", "Năm 2017, 2018");
  -- compared: the year a change is measured against; ignore: dates, periods.
  years = {
    { role = "ignore", re = rx("year.date", [[(?:ngày \d{1,2} )?tháng \d{1,2} năm ]] .. YEAR) },
    { role = "ignore", re = rx("year.period", [[(?:giai đoạn|nhiệm kỳ|thời kỳ) (?:từ )?(?:năm )?]] .. YEAR .. [[\s*(?:-|–|đến)\s*(?:năm )?]] .. YEAR) },
    { role = "compared", re = rx("year.compared", [[(?:so với|như|hơn|bằng|sau) (?:cùng kỳ )?năm (?<year>]] .. YEAR .. [[)]]) },
    { role = "measured", re = rx("year.measured", [[năm (?<years>]] .. YEAR .. [[(?:\s*(?:,|và)\s*]] .. YEAR .. [[)*)\b(?!\s*[-–/]\s*\d)]]) },
  },

  -- A publication date in the page ("Ngày đăng: 25/05/2022"): when a text
  -- names no year, figures are taken to be about the year before.
  publication = {
    rx("publication.posted", [[(?:ngày đăng|cập nhật|đăng ngày|ngày cập nhật)\s*:?\s*\d{1,2}/\d{1,2}/(?<year>]] .. YEAR .. [[)]]),
  },

  -- Figures ----------------------------------------------------------------

  figures = {
    -- Criteria named in the text: "tiêu chí có tỷ lệ hài lòng cao nhất là (…, đạt 90,40%)"
    { re = rx("value.criterion", [[tiêu chí có tỷ lệ(?: phần trăm)? hài lòng (?<extreme>cao|thấp) nhất là \(?(?<component>[^()]+?),? đạt (?<value>]] .. NUM .. [[)\s*(?<unit>%)\)?]]),
      set = { index = "SIPAS" },
      fn = function(m, row)
        row.note = (m.extreme == "cao" or m.extreme == "Cao") and "criterion with the highest satisfaction"
                   or "criterion with the lowest satisfaction"
        return row
      end },

    -- Values ("đạt 87,57%", "đạt được 74,62/100 điểm", "là 86,69", "với 90,09 điểm")
    -- "đạt 9,5 điểm về cải cách tổ chức bộ máy": what the value is about comes after it
    { re = rx("value.about", VERB .. [[ ]] .. VALUE .. [[(?= (?:về|ở) (?:lĩnh vực |chỉ số thành phần |nội dung )?)]]),
      strict = true, bind = { index = "next" } },
    { re = rx("value.verb", VERB .. [[ ]] .. VALUE), strict = true },
    -- Several indices, then their figures in the same order ("lần lượt", respectively):
    -- `list` is cut into items by the `respectively` pattern.
    { re = rx("value.respectively", [[lần lượt (?:đạt được|đạt|là|được) (?<list>]] .. NUM .. [[\s*(?:/\s*]] .. NUM .. [[)?\s*(?:%|điểm)?(?:(?:,|;| và) ]] .. NUM .. [[\s*(?:/\s*]] .. NUM .. [[)?\s*(?:%|điểm)?)+)]]),
      respectively = rx("value.item", [[(?<value>]] .. NUM .. [[)(?:\s*/\s*(?<max>]] .. NUM .. [[))?\s*(?<unit>%|điểm)?]]) },
    { re = rx("rank.respectively", [[lần lượt (?:xếp|đứng)(?: ở)?(?: thứ hạng| hạng| vị trí)? (?<list>(?:thứ )?]] .. INT .. [[(?:\s*/\s*\d{1,3})?(?:(?:,| và) (?:thứ |hạng )?]] .. INT .. [[(?:\s*/\s*\d{1,3})?)+)]]),
      respectively = rx("rank.item", [[(?<rank>]] .. INT .. [[)(?:\s*/\s*(?<of>\d{1,3}))?]]) },
    -- A value in brackets right after a unit's name: "Hải Phòng (91,87%)"
    { re = rx("value.bracket", [[\(\s*(?<value>]] .. NUM .. [[)\s*(?<unit>%|điểm)\s*\)]]), after = "entity" },

    -- Ranks with numbers
    { re = rx("rank.verb", [[(?J)(?:xếp|đứng|đạt|giữ|ở|vươn lên|lên) (?:ở )?(?:thứ hạng|thứ|hạng|vị trí)(?: (?:thứ|số))? (?<rank>]] .. INT ..
                           [[)(?![.,]\d)(?:\s*/\s*(?<of>\d{1,3})|(?: (?:trên|trong) (?:tổng số )?(?<of>\d{1,3}) (?:tỉnh|địa phương|bộ|cơ quan|đơn vị)))?]]) },
    { re = rx("rank.bare", [[xếp (?<rank>]] .. INT .. [[)\s*/\s*(?<of>\d{1,3})]]) },
    { re = rx("rank.in", [[\bthứ (?<rank>]] .. INT .. [[) (?:trong|trên) (?:tổng số )?(?<of>\d{1,3})\b]]) },
    { re = rx("rank.position", [[vị trí (?:số |thứ )?(?<rank>]] .. INT .. [[)(?![.,]\d)(?:\s*/\s*(?<of>\d{1,3}))?]]) },
    -- Ranks in words
    { re = rx("rank.word", [[(?:xếp|đứng|giữ|vươn lên|lên)(?: ở)?(?: vị trí| thứ hạng| hạng)? thứ (?<word>nhất|nhì|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)\b(?! từ (?:dưới|cuối))]]) },
    { re = rx("rank.word_prize", [[(?:xếp|đứng|giành|đạt) hạng (?<word>nhất|nhì|ba|tư)\b]]) },
    { re = rx("rank.word_bottom", [[(?:xếp|đứng)(?: ở)?(?: vị trí)? thứ (?<word>hai|ba|tư|bốn|năm) từ (?:dưới lên|cuối bảng|cuối lên|cuối)]]),
      set = { from_bottom = true } },
    { re = rx("rank.first", [[(?<!người\s)(?:dẫn đầu|đứng đầu|quán quân|xếp đầu|đứng vị trí (?:số )?1\b|giữ ngôi đầu|ngôi đầu bảng)]]),
      set = { rank = 1 } },
    { re = rx("rank.first_is", [[(?:dẫn đầu|đứng đầu)(?: bảng)?(?: xếp hạng)?(?: [^.;,]{0,60}?)? là(?= \p{Lu})]]),
      set = { rank = 1 }, bind = { entity = "next" } },
    { re = rx("rank.runner_up", [[\bá quân\b]]), set = { rank = 2 } },
    { re = rx("rank.last", [[(?:đứng|xếp)(?: ở)?(?: vị trí)? (?:cuối(?: cùng| bảng)?|chót|bét bảng)|(?:đội sổ|xếp cuối bảng)]]),
      set = { rank = "last" } },
    { re = rx("rank.last_is", [[(?:đứng|xếp) cuối(?: bảng)?(?: xếp hạng)?(?: [^.;,]{0,60}?)? là(?= \p{Lu})]]),
      set = { rank = "last" }, bind = { entity = "next" } },

    -- Rank changes
    { re = rx("change.steps", UP_DOWN .. [[ ]] .. [[(?:(?<cbound>hơn|trên|gần) )?(?<change>]] .. INT .. [[) (?:bậc|hạng|vị trí|bước)]] .. SINCE) },
    { re = rx("change.from_to", [[từ (?:vị trí |hạng |thứ hạng )?(?:thứ |số )?(?<from>]] .. INT .. [[)(?:\s*/\s*\d{1,3})?(?![.,]\d) (?:lên|xuống) (?:vị trí |hạng |thứ hạng )?(?:thứ |số )?(?<to>]] .. INT ..
                                 [[)(?![.,]\d)(?!\s*(?:%|điểm))(?:\s*/\s*(?<of>\d{1,3}))?]] .. SINCE) },
    { re = rx("change.kept", [[(?:giữ nguyên|giữ vững|không thay đổi|không đổi)(?: về)? (?:vị trí|thứ hạng|hạng|xếp hạng|thứ bậc)]] .. SINCE),
      set = { rank_change = 0 } },
    { re = rx("change.kept_first", [[giữ vững (?:vị trí|ngôi) (?:dẫn đầu|số 1|thứ nhất|quán quân)]]),
      set = { rank = 1, rank_change = 0 } },

    -- Value changes ("tăng 2,47%", "giảm 1,2 điểm so với năm 2022");
    -- the first form names its index afterwards: "tăng 2,47% Chỉ số hài lòng …"
    { re = rx("vchange.before_index", [[(?<vdir>tăng|giảm)(?: thêm)? (?:(?<vbound>hơn|trên|gần) )?(?<vchange>]] .. NUM .. [[)\s*(?<vunit>%|điểm)(?= (?:chỉ số|điểm chỉ số))]]),
      bind = { index = "next" } },
    { re = rx("vchange.value", [[(?<vdir>tăng|giảm)(?: thêm)? (?:(?<vbound>hơn|trên|gần) )?(?<vchange>]] .. NUM .. [[)\s*(?<vunit>%|điểm)(?! (?:bậc|hạng))]] .. SINCE) },
  },

  -- Phrases whose numbers are not index figures even in a sentence about an
  -- index: rates of something else, targets not met.
  not_figures = {
    rx("not.rate", [[t[ỷỉ] lệ [^.;:()]*?(?:đạt|là|chiếm) (?:hơn |trên )?]] .. NUM),
    rx("not.target", [[(?:phấn đấu|mục tiêu|chỉ tiêu)[^.;]*?(?:đạt|trên|từ) (?:hơn |trên )?]] .. NUM),
  },

  -- Word tables (looked up without diacritics or case)
  ordinals = { ["nhất"] = 1, ["nhì"] = 2, ["hai"] = 2, ["ba"] = 3, ["tư"] = 4, ["bốn"] = 4, ["năm"] = 5,
               ["sáu"] = 6, ["bảy"] = 7, ["tám"] = 8, ["chín"] = 9, ["mười"] = 10 },
  directions = { ["tăng"] = 1, ["thăng"] = 1, ["vượt"] = 1, ["nhảy"] = 1, ["cải thiện"] = 1,
                 ["giảm"] = -1, ["tụt"] = -1, ["lùi"] = -1, ["sụt"] = -1 },
  bounds = { ["hơn"] = "lower", ["trên"] = "lower", ["gần"] = "approx", ["khoảng"] = "approx",
             ["xấp xỉ"] = "approx", ["dưới"] = "upper", ["chưa tới"] = "upper", ["chưa đến"] = "upper" },
  units = { ["%"] = "percent", ["điểm"] = "points" },

  -- When the text gives no unit
  default_unit = { PAR_INDEX = "points", SIPAS = "percent", PAPI = "points", PCI = "points" },

  -- Applied to every row before it is kept.
  adjust = function(row)
    -- SIPAS stated in points out of a maximum below 100 ("được 9,67/12 điểm")
    -- is the SIPAS part of the PAR INDEX, not the SIPAS result itself.
    if row.index == "SIPAS" and not row.component and row.unit == "points" and row.max and row.max < 100 then
      row.index = "PAR_INDEX"
      row.component = "impact_sipas_pts"
    end
    return row
  end,
}
