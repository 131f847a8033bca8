"""Vietnamese (vi): hospital and private-laboratory reports from Vietnam (phiếu kết quả xét nghiệm).

Sources: the test names of the Ministry of Health's technical list (Danh mục kỹ thuật, Thông tư 43/2013 and its
laboratory sections: huyết học, hóa sinh, đông máu, miễn dịch) as hospital LIS printouts carry them, with the
English abbreviations Vietnamese reports keep beside them (WBC, RBC, HGB, AST (GOT) ...).
"""

from __future__ import annotations

LOCALE = dict(
    test=["Tên xét nghiệm", "Xét nghiệm", "Chỉ số", "Tên chỉ số"], result=["Kết quả", "Giá trị"],
    unit=["Đơn vị", "Đơn vị tính"], reference=["Khoảng tham chiếu", "Giá trị tham chiếu", "Trị số bình thường",
                                                "CSBT"],
    flag=["Cờ", "Đánh giá"], status=["Nhận xét", "Đánh giá"], previous=["Kết quả trước", "Lần trước"],
    high=["Cao", "CAO", "H", "Tăng"], low=["Thấp", "THẤP", "L", "Giảm"], normal=["Bình thường", "bình thường"],
    critical=["Nguy kịch", "BÁO ĐỘNG"], ref_intro=["Tham chiếu:", "CSBT:", "Khoảng tham chiếu:"],
    upto=["< {}", "Nhỏ hơn {}", "Dưới {}"], below=["< {}", "Nhỏ hơn {}"], above=["> {}", "Lớn hơn {}", "Trên {}"],
    range_words=[" - ", " đến "], male=["Nam", "Nam giới"], female=["Nữ", "Nữ giới"],
    sections={"cbc": ["Tổng phân tích tế bào máu", "HUYẾT HỌC"], "diff": ["Công thức bạch cầu"],
              "diabetes": ["Đường huyết"], "lipids": ["Mỡ máu", "Bộ mỡ máu"], "kidney": ["Chức năng thận"],
              "electrolytes": ["Điện giải đồ"], "liver": ["Chức năng gan", "Men gan"], "iron": ["Bộ sắt"],
              "vitamins": ["Vitamin"], "thyroid": ["Chức năng tuyến giáp"], "inflammation": ["Dấu ấn viêm"],
              "coagulation": ["Đông máu"], "enzymes": ["Men"], "hormones": ["Nội tiết"], "tumour": ["Dấu ấn ung thư"]},
    labels={"name": ["Họ tên", "Họ và tên", "Bệnh nhân"], "id": ["Mã BN", "Mã bệnh nhân", "Số phiếu"],
            "dob": ["Ngày sinh"], "age": ["Tuổi"], "sex": ["Giới tính", "Giới"],
            "collected": ["Ngày lấy mẫu", "Thời gian lấy mẫu"], "reported": ["Ngày trả kết quả", "Ngày in"],
            "physician": ["Bác sĩ chỉ định", "BS chỉ định"], "address": ["Địa chỉ"], "phone": ["Điện thoại", "ĐT"],
            "accession": ["Mã mẫu", "Số barcode"], "specimen": ["Loại mẫu", "Bệnh phẩm"],
            "lab": ["Khoa xét nghiệm"], "licence": ["ISO 15189 số", "Giấy phép số"]},
    risk_words={"desirable": "Mong muốn", "borderline": "Giới hạn", "high": "Cao", "very_high": "Rất cao",
                "normal": "Bình thường", "prediabetes": "Tiền đái tháo đường", "diabetes": "Đái tháo đường",
                "low": "Thấp", "high_good": "Tốt", "optimal": "Tối ưu", "near_optimal": "Gần tối ưu"},
    method=["Phương pháp"], sample=["Bệnh phẩm", "Mẫu"],
    specimens=["Huyết thanh", "Máu toàn phần EDTA", "Huyết tương citrat"],
    page=["Trang {p}/{n}", "Trang {p} / {n}"], continued=["(tiếp theo)", "Xem tiếp trang sau"],
    comments=[
        "Ghi chú: glucose lúc đói từ {glu} trở lên ở hai lần xét nghiệm phù hợp với đái tháo đường. "
        "Mục tiêu LDL-C dưới {ldl} ở người nguy cơ rất cao.",
        "Lưu ý: mẫu nhận lúc {time} ngày {date}. Mẫu tan máu nhẹ; kali trên {k} cần kiểm tra lại.",
        "Kết quả cần được bác sĩ đánh giá cùng lâm sàng. Thắc mắc xin liên hệ {phone}.",
    ],
    signature=["Người duyệt kết quả", "Trưởng khoa xét nghiệm"],
    report_titles=["PHIẾU KẾT QUẢ XÉT NGHIỆM", "KẾT QUẢ XÉT NGHIỆM", "Phiếu trả kết quả"], age_unit="{} tuổi",
    sex_ranges=[("Nam: {}", "Nữ: {}"), ("Nam giới: {}", "Nữ giới: {}")],
    extras=[("HBsAg", "Âm tính", None, "Âm tính"), ("Nhóm máu", "O Rh(+)", None, None),
            ("Troponin I hs", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "Âm tính", None, None)],
)

PHRASES = {
    "in_out": [("Trong giới hạn", "Ngoài giới hạn"), ("BÌNH THƯỜNG", "BẤT THƯỜNG")],
    "low_high": [("Giới hạn dưới", "Giới hạn trên"), ("Min", "Max")],
    "current": "Lần này", "time": "Giờ", "code": "Mã", "validated": "Đã duyệt",
    "end": "*** HẾT KẾT QUẢ ***",
    "watermarks": ["BẢN SAO", "BẢO MẬT"], "stamp": "ĐÃ DUYỆT",
    "qr": "Quét mã để kiểm tra kết quả", "portal": "Cổng thông tin - Kết quả xét nghiệm",
    "printed": "Ngày in", "abnormal": "*",
    "urine_title": ["Tổng phân tích nước tiểu", "NƯỚC TIỂU"],
    "urine": [("Màu sắc", ["vàng", "vàng nhạt", "vàng đậm"], "vàng"), ("Độ trong", ["trong", "hơi đục"], "trong"),
              ("Protein", ["âm tính", "vết", "1+", "2+"], "âm tính"), ("Glucose", ["âm tính", "vết", "1+"], "âm tính"),
              ("Ceton", ["âm tính", "vết", "1+"], "âm tính"), ("Hồng cầu", ["âm tính", "vết", "1+", "2+"], "âm tính"),
              ("Nitrit", ["âm tính", "dương tính"], "âm tính"), ("Bạch cầu", ["âm tính", "vết", "1+"], "âm tính"),
              ("Bilirubin", ["âm tính"], "âm tính"), ("Urobilinogen", ["bình thường"], "bình thường")],
    "urine_micro": [("Hồng cầu", ["0-2", "3-5", "5-10"], "/vi trường", "0-2"),
                    ("Bạch cầu", ["0-5", "5-10", "10-20"], "/vi trường", "0-5"),
                    ("Tế bào biểu mô", ["ít", "vừa"], None, None), ("Trụ niệu", ["không có"], None, None),
                    ("Vi khuẩn", ["không có", "ít", "+"], None, None)],
    "letter": ("Kính gửi đồng nghiệp,", "V/v: {patient}, sinh ngày {dob}",
               "Xin gửi kết quả xét nghiệm máu lấy ngày {date}.",
               "{name} là {value} {unit} (tham chiếu {range}), {status}.",
               {"normal": "trong khoảng tham chiếu", "high": "cao hơn khoảng tham chiếu",
                "low": "thấp hơn khoảng tham chiếu"},
               "Lần kiểm tra trước giá trị là {prev} {unit}.",
               "Kết quả đầy đủ ở bảng dưới đây. Trân trọng,", "Tóm tắt kết quả"),
}

NAMES = {
    "wbc": ["Số lượng bạch cầu (WBC)", "Bạch cầu", "WBC"], "rbc": ["Số lượng hồng cầu (RBC)", "Hồng cầu", "RBC"],
    "hemoglobin": ["Huyết sắc tố (HGB)", "Hemoglobin", "HGB"], "hematocrit": ["Hematocrit (HCT)", "Thể tích khối hồng cầu"],
    "mcv": ["Thể tích trung bình hồng cầu (MCV)", "MCV"], "mch": ["Lượng Hb trung bình hồng cầu (MCH)", "MCH"],
    "mchc": ["Nồng độ Hb trung bình hồng cầu (MCHC)", "MCHC"], "rdw": ["Độ phân bố hồng cầu (RDW)", "RDW-CV"],
    "platelets": ["Số lượng tiểu cầu (PLT)", "Tiểu cầu", "PLT"], "mpv": ["Thể tích trung bình tiểu cầu (MPV)", "MPV"],
    "glucose": ["Glucose", "Glucose máu", "Đường huyết lúc đói"], "hba1c": ["HbA1c"],
    "insulin": ["Insulin"], "total_cholesterol": ["Cholesterol toàn phần", "Cholesterol"],
    "triglycerides": ["Triglycerid", "Triglyceride"], "hdl": ["HDL-C", "HDL-Cholesterol"],
    "ldl": ["LDL-C", "LDL-Cholesterol"], "alt": ["ALT (GPT)", "GPT"], "ast": ["AST (GOT)", "GOT"],
    "alp": ["Phosphatase kiềm (ALP)", "ALP"], "ggt": ["GGT", "Gamma GT"], "bilirubin_total": ["Bilirubin toàn phần"],
    "bilirubin_direct": ["Bilirubin trực tiếp"], "total_protein": ["Protein toàn phần"],
    "albumin": ["Albumin"], "bun": ["BUN"], "bun@si": ["Ure", "Urê"],
    "creatinine": ["Creatinin", "Creatinine"], "egfr": ["eGFR", "eGFR (CKD-EPI)"], "uric_acid": ["Acid uric", "Axit uric"],
    "sodium": ["Natri (Na+)", "Natri"], "potassium": ["Kali (K+)", "Kali"], "chloride": ["Clo (Cl-)", "Clo"],
    "bicarbonate": ["Bicarbonat (HCO3-)", "HCO3-"], "calcium": ["Canxi toàn phần", "Calci"],
    "magnesium": ["Magie", "Magnesi"], "phosphorus": ["Phospho", "Phosphat"], "tsh": ["TSH"],
    "ft4": ["FT4", "T4 tự do"], "ft3": ["FT3", "T3 tự do"], "iron": ["Sắt huyết thanh", "Sắt"],
    "ferritin": ["Ferritin"], "tibc": ["Khả năng gắn sắt toàn phần (TIBC)", "TIBC"],
    "transferrin_saturation": ["Độ bão hòa transferrin", "Độ bão hòa sắt"], "transferrin": ["Transferrin"],
    "vitamin_b12": ["Vitamin B12"], "folate": ["Acid folic", "Folate"], "vitamin_d": ["25-OH Vitamin D", "Vitamin D toàn phần"],
    "crp": ["CRP", "CRP định lượng"], "esr": ["Tốc độ máu lắng (VS)", "Máu lắng giờ đầu"],
    "prothrombin_time": ["Thời gian prothrombin (PT)", "PT giây"],
    "inr": ["INR", "PT-INR"], "aptt": ["APTT", "Thời gian thromboplastin (APTT)"], "fibrinogen": ["Fibrinogen"],
    "testosterone": ["Testosterone"], "cortisol": ["Cortisol (sáng)", "Cortisol"],
    "prolactin": ["Prolactin"], "ck": ["CK", "Creatin kinase (CK)"], "ldh": ["LDH", "Lactat dehydrogenase"],
    "amylase": ["Amylase", "Amylase máu"], "lipase": ["Lipase"], "psa": ["PSA toàn phần", "Total PSA"],
}
DIFF = {"cells": {"neut": "Bạch cầu trung tính", "lymph": "Bạch cầu lympho", "mono": "Bạch cầu mono",
                  "eos": "Bạch cầu ái toan", "baso": "Bạch cầu ái kiềm"},
        "pct": ["{c} %", "{c} (%)"], "abs": ["{c} #", "{c} (số lượng)"]}

PEOPLE = dict(
    first=(["Văn An", "Minh Tuấn", "Quốc Huy", "Đức Anh", "Thanh Sơn"], ["Thị Lan", "Thu Hà", "Ngọc Anh", "Thị Mai", "Phương Linh"]),
    last=["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"],
    city=("Số {n} Nguyễn Trãi", "Phường {p2}, TP. Hồ Chí Minh", "028 #### ####"),
    labs=["Khoa Xét nghiệm, Bệnh viện Bạch Mai", "Trung tâm Xét nghiệm Y khoa Medlatec",
          "Khoa Xét nghiệm, Bệnh viện Chợ Rẫy"],
    doctor=("{t} {last} {first}", ("BS.", "BS.")), licence="ISO 15189 số VILAS {n4}",
    date_formats=["%d/%m/%Y"],
)
DECIMAL_COMMA = 0.6

FAMILY_WORDS = {
    "email": (("Từ", "Đã gửi", "Đến", "Chủ đề", "Fwd"),  # forward headers, subject, greeting, disclaimer
              "Kết quả xét nghiệm của bạn - phiếu {n}",
              "Chào {p}, dưới đây là kết quả xét nghiệm ngày {d}.",
              "BẢO MẬT: thư này chỉ dành cho người nhận. Nếu bạn nhận nhầm, vui lòng gọi {phone} trong vòng 24 giờ. "
              "Kết quả được duyệt trong 2-3 ngày làm việc; giờ làm việc 7:00-17:00."),
    "pending": ["Đang chờ", "Xem ghi chú", "---", "Chưa có kết quả"],
    "summary_titles": ("Tóm tắt kết quả bất thường", "Kết quả ngoài khoảng tham chiếu"),
    "legend": ("Kết quả đã được kiểm tra lại", "Xét nghiệm chưa được công nhận", "Kết quả ngoài khoảng tham chiếu"),
    "request": "Bệnh phẩm: {s}   Lấy mẫu: {d}   Số: {n}",
    "new_range": "Lưu ý: khoảng tham chiếu mới từ {d}: {r} {u}.",
    "portal": ("Xét nghiệm", "Kết quả của bạn", "Khoảng tham chiếu", "Kết quả chính thức", "Lấy mẫu {c} · Trả kết quả {r}"),
}
