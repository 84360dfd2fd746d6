-- rules/pci/2019.lua — PCI 2019, the Provincial Competitiveness Index (Chỉ số
-- Năng lực cạnh tranh cấp tỉnh) of VCCI, published since 2005.
--
-- What is public (research-methodology §8):
--   * ten sub-indices: entry costs; land access and security of tenure;
--     transparency and access to information; time costs of regulatory
--     compliance; informal charges; policy bias (equal playing field);
--     proactivity of provincial leadership; business support services;
--     labour training; legal institutions (https://pcivietnam.vn/en/faqs.html);
--   * construction, the "3 Cs": collect firm-survey and published hard data;
--     calculate the ten sub-indices, each on a 10-point scale; calibrate the
--     composite as the WEIGHTED mean of the sub-indices, maximum 100
--     (https://pcivietnam.vn/en/about/pci-methodology.html).
--
-- What is NOT public here: the weights (not found in the sources available).
-- This file uses EQUAL weights, so its composite is 10 × the plain mean of
-- the sub-indices.  That is an illustration of the construction, not PCI:
-- a composite computed from published sub-indices will not match the
-- published PCI, and `chiso score` says so when both are in the data.  Put
-- the published composite in `score` (Quảng Ninh PCI 2019: 73.40,
-- https://congnghieptieudung.vn/tiem-nang-and-the-manh-ttu28/21) and it is
-- taken as given.
--
-- The English names are PCI's (pcivietnam.vn); the Vietnamese names are the
-- ones PCI's Vietnamese reports use (not quoted in the research file).

local FAQ = "https://pcivietnam.vn/en/faqs.html"
local METHOD = "https://pcivietnam.vn/en/about/pci-methodology.html"
local W = "equal weight: PCI's real weights are not public here"

return index {
  code = "PCI2019", year = 2019, unit = "province",
  name = "Chỉ số Năng lực cạnh tranh cấp tỉnh (PCI) 2019",
  name_en = "Provincial Competitiveness Index (PCI) 2019",
  source = METHOD .. " ; " .. FAQ,
  status = "illustrative",
  note = "Composite = weighted mean of ten 10-point sub-indices, scaled to 100 (PCI's construction). "
    .. "The weights are not public in the sources found: EQUAL weights are used, so a computed "
    .. "composite is illustrative only. A published composite (column score) is taken as given.",
  max = 100, aggregate = "weighted_mean", column = "score",

  area { code = "1", name = "Chi phí gia nhập thị trường", name_en = "Entry costs",
    max = 10, weight = 1, column = "pci_entry_costs", source = FAQ, status = "secondary", note = W },
  area { code = "2", name = "Tiếp cận đất đai và sự ổn định trong sử dụng đất",
    name_en = "Land access and security of tenure",
    max = 10, weight = 1, column = "pci_land_access", source = FAQ, status = "secondary", note = W },
  area { code = "3", name = "Tính minh bạch và tiếp cận thông tin", name_en = "Transparency and access to information",
    max = 10, weight = 1, column = "pci_transparency", source = FAQ, status = "secondary", note = W },
  area { code = "4", name = "Chi phí thời gian để thực hiện các quy định của Nhà nước",
    name_en = "Time costs of regulatory compliance",
    max = 10, weight = 1, column = "pci_time_costs", source = FAQ, status = "secondary", note = W },
  area { code = "5", name = "Chi phí không chính thức", name_en = "Informal charges",
    max = 10, weight = 1, column = "pci_informal_charges", source = FAQ, status = "secondary", note = W },
  area { code = "6", name = "Cạnh tranh bình đẳng", name_en = "Policy bias (equal playing field)",
    max = 10, weight = 1, column = "pci_equal_playing_field", source = FAQ, status = "secondary", note = W },
  area { code = "7", name = "Tính năng động và tiên phong của lãnh đạo tỉnh",
    name_en = "Proactivity of provincial leadership",
    max = 10, weight = 1, column = "pci_proactivity", source = FAQ, status = "secondary", note = W },
  area { code = "8", name = "Dịch vụ hỗ trợ doanh nghiệp", name_en = "Business support services",
    max = 10, weight = 1, column = "pci_business_support", source = FAQ, status = "secondary", note = W },
  area { code = "9", name = "Đào tạo lao động", name_en = "Labour training",
    max = 10, weight = 1, column = "pci_labour_training", source = FAQ, status = "secondary", note = W },
  area { code = "10", name = "Thiết chế pháp lý", name_en = "Legal institutions",
    max = 10, weight = 1, column = "pci_legal_institutions", source = FAQ, status = "secondary", note = W },
}
