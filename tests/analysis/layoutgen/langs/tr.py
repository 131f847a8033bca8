"""Turkish (tr): hospital (e-Nabız style) and private laboratory reports from Turkey.

Sources: the Turkish names of the SUT (Sağlık Uygulama Tebliği) laboratory price list, hospital LIS printouts
and the test menus of Turkish private laboratories.
"""

from __future__ import annotations

LOCALE = dict(
    test=["Test Adı", "Tetkik", "Tetkik Adı", "Parametre"], result=["Sonuç", "Sonuçlar"],
    unit=["Birim", "Birimi"], reference=["Referans Aralığı", "Referans Değerleri", "Referans", "Normal Değerler"],
    flag=["Uyarı", "İşaret"], status=["Durum", "Yorum"], previous=["Önceki Sonuç", "Önceki"],
    high=["Yüksek", "YÜKSEK", "H", "↑"], low=["Düşük", "DÜŞÜK", "L", "↓"], normal=["Normal", "NORMAL"],
    critical=["Kritik", "KRİTİK"], ref_intro=["Referans:", "Ref.:", "Referans aralığı:"],
    upto=["< {}", "≤ {}", "en fazla {}"], below=["< {}"], above=["> {}", "en az {}"],
    range_words=[" - "], male=["Erkek", "E"], female=["Kadın", "K"],
    sections={"cbc": ["Tam Kan Sayımı", "HEMOGRAM"], "diff": ["Lökosit Formülü"], "diabetes": ["Karbonhidrat Metabolizması"],
              "lipids": ["Lipid Profili", "LİPİD PANELİ"], "kidney": ["Böbrek Fonksiyon Testleri"],
              "electrolytes": ["Elektrolitler"], "liver": ["Karaciğer Fonksiyon Testleri"], "iron": ["Demir Metabolizması"],
              "vitamins": ["Vitaminler"], "thyroid": ["Tiroid Fonksiyon Testleri"], "inflammation": ["İnflamasyon Belirteçleri"],
              "coagulation": ["Koagülasyon"], "enzymes": ["Enzimler"], "hormones": ["Hormonlar"], "tumour": ["Tümör Belirteçleri"]},
    labels={"name": ["Hasta Adı Soyadı", "Adı Soyadı", "Hasta Adı"], "id": ["Protokol No", "T.C. Kimlik No", "Hasta No"],
            "dob": ["Doğum Tarihi"], "age": ["Yaş"], "sex": ["Cinsiyet", "Cinsiyeti"],
            "collected": ["Numune Alma Tarihi", "Numune Tarihi"], "reported": ["Rapor Tarihi", "Onay Tarihi"],
            "physician": ["İsteyen Doktor", "Doktor"], "address": ["Adres"], "phone": ["Telefon", "Tel"],
            "accession": ["Barkod No", "Numune No"], "specimen": ["Numune Türü", "Numune"],
            "lab": ["Laboratuvar"], "licence": ["Ruhsat No", "Kurum Kodu"]},
    risk_words={"desirable": "İstenen", "borderline": "Sınırda yüksek", "high": "Yüksek", "very_high": "Çok yüksek",
                "normal": "Normal", "prediabetes": "Prediyabet", "diabetes": "Diyabet", "low": "Düşük",
                "high_good": "Koruyucu", "optimal": "Optimal", "near_optimal": "Optimale yakın"},
    method=["Yöntem", "Metot"], sample=["Numune", "Örnek"],
    specimens=["Serum", "EDTA'lı tam kan", "Sitratlı plazma"],
    page=["Sayfa {p} / {n}", "Sayfa {p}/{n}"], continued=["(devamı)", "Devamı sonraki sayfada"],
    comments=[
        "Not: İki ayrı ölçümde {glu} veya üzerindeki açlık glukozu diyabet ile uyumludur. "
        "Çok yüksek riskli hastalarda LDL kolesterol hedefi {ldl} altıdır.",
        "Açıklama: Numune {date} tarihinde saat {time} itibarıyla kabul edildi. Hafif hemoliz; {k} üzerindeki potasyum "
        "yeni numune ile doğrulanmalıdır.",
        "Sonuçlar klinik bulgularla birlikte değerlendirilmelidir. Bilgi için: {phone}.",
    ],
    signature=["Onaylayan", "Uzman Hekim"],
    report_titles=["LABORATUVAR SONUÇ RAPORU", "Tetkik Sonuçları", "TAHLİL SONUÇLARI"], age_unit="{} yaş",
    sex_ranges=[("E: {}", "K: {}"), ("Erkek: {}", "Kadın: {}")],
    extras=[("HBsAg", "Negatif", None, "Negatif"), ("Kan Grubu", "0 Rh(+)", None, None),
            ("Troponin I (yüksek duyarlıklı)", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "Negatif", None, None)],
)

PHRASES = {
    "in_out": [("Normal Sınırlarda", "Normal Dışı"), ("NORMAL", "ANORMAL")],
    "low_high": [("Alt Sınır", "Üst Sınır"), ("Min", "Maks")],
    "current": "Güncel", "time": "Saat", "code": "Kod", "validated": "Onaylandı",
    "end": "*** RAPOR SONU ***",
    "watermarks": ["KOPYA", "GİZLİDİR"], "stamp": "ONAYLANDI",
    "qr": "Raporu doğrulamak için okutunuz", "portal": "Hasta Portalı - Tahlil Sonuçları",
    "printed": "Yazdırılma", "abnormal": "*",
    "urine_title": ["Tam İdrar Tahlili", "İDRAR ANALİZİ"],
    "urine": [("Renk", ["Sarı", "Açık sarı", "Koyu sarı"], "Sarı"), ("Görünüm", ["Berrak", "Hafif bulanık"], "Berrak"),
              ("Protein", ["Negatif", "Eser", "1+", "2+"], "Negatif"), ("Glukoz", ["Negatif", "Eser", "1+"], "Negatif"),
              ("Keton", ["Negatif", "Eser", "1+"], "Negatif"), ("Kan", ["Negatif", "Eser", "1+", "2+"], "Negatif"),
              ("Nitrit", ["Negatif", "Pozitif"], "Negatif"), ("Lökosit esteraz", ["Negatif", "Eser", "1+"], "Negatif"),
              ("Bilirubin", ["Negatif"], "Negatif"), ("Ürobilinojen", ["Normal"], "Normal")],
    "urine_micro": [("Eritrosit", ["0-2", "3-5", "5-10"], "/HPF", "0-2"), ("Lökosit", ["0-5", "5-10", "10-20"], "/HPF", "0-5"),
                    ("Epitel hücreleri", ["Az", "Orta"], None, None), ("Silindir", ["Görülmedi"], None, None),
                    ("Bakteri", ["Görülmedi", "Az", "+"], None, None)],
    "letter": ("Sayın Meslektaşım,", "Konu: {patient}, doğum tarihi {dob}",
               "{date} tarihinde alınan kan tetkiklerinin sonuçları aşağıdadır.",
               "{name} değeri {value} {unit} (referans {range}) olup {status}.",
               {"normal": "referans aralığındadır", "high": "referans aralığının üzerindedir",
                "low": "referans aralığının altındadır"},
               "Önceki kontrolde değer {prev} {unit} idi.",
               "Tüm sonuçlar aşağıdaki tabloda yer almaktadır. Saygılarımla,", "Sonuç Özeti"),
}

NAMES = {
    "wbc": ["Lökosit (WBC)", "WBC", "Beyaz Kan Hücresi"], "rbc": ["Eritrosit (RBC)", "RBC", "Kırmızı Kan Hücresi"],
    "hemoglobin": ["Hemoglobin (HGB)", "Hemoglobin", "HGB"], "hematocrit": ["Hematokrit (HCT)", "Hematokrit"],
    "mcv": ["MCV", "Ortalama Eritrosit Hacmi (MCV)"], "mch": ["MCH"], "mchc": ["MCHC"], "rdw": ["RDW", "RDW-CV"],
    "platelets": ["Trombosit (PLT)", "Trombosit", "PLT"], "mpv": ["MPV", "Ortalama Trombosit Hacmi (MPV)"],
    "glucose": ["Glukoz (açlık)", "Açlık Kan Şekeri", "Glukoz"], "hba1c": ["HbA1c", "Glikozile Hemoglobin (HbA1c)"],
    "insulin": ["İnsülin", "Açlık İnsülini"], "total_cholesterol": ["Total Kolesterol", "Kolesterol"],
    "triglycerides": ["Trigliserid"], "hdl": ["HDL Kolesterol", "HDL-Kolesterol"], "ldl": ["LDL Kolesterol", "LDL-Kolesterol (hesaplanan)"],
    "alt": ["ALT", "Alanin Aminotransferaz (ALT)"], "ast": ["AST", "Aspartat Aminotransferaz (AST)"],
    "alp": ["ALP", "Alkalen Fosfataz (ALP)"], "ggt": ["GGT", "Gama Glutamil Transferaz (GGT)"],
    "bilirubin_total": ["Total Bilirubin", "Bilirubin (total)"], "bilirubin_direct": ["Direkt Bilirubin", "Bilirubin (direkt)"],
    "total_protein": ["Total Protein"], "albumin": ["Albümin"], "bun": ["BUN", "Kan Üre Azotu (BUN)"], "bun@si": ["Üre"],
    "creatinine": ["Kreatinin"], "egfr": ["eGFR", "eGFR (CKD-EPI)"], "uric_acid": ["Ürik Asit"],
    "sodium": ["Sodyum (Na)", "Sodyum"], "potassium": ["Potasyum (K)", "Potasyum"], "chloride": ["Klor (Cl)", "Klorür"],
    "bicarbonate": ["Bikarbonat"], "calcium": ["Kalsiyum (Ca)", "Kalsiyum"], "magnesium": ["Magnezyum (Mg)", "Magnezyum"],
    "phosphorus": ["Fosfor (P)", "Fosfor"], "tsh": ["TSH", "Tiroid Stimülan Hormon (TSH)"], "ft4": ["Serbest T4", "sT4"],
    "ft3": ["Serbest T3", "sT3"], "iron": ["Demir (Fe)", "Serum Demiri"], "ferritin": ["Ferritin"],
    "tibc": ["Total Demir Bağlama Kapasitesi (TDBK)", "TDBK"], "transferrin_saturation": ["Transferrin Satürasyonu"],
    "transferrin": ["Transferrin"], "vitamin_b12": ["Vitamin B12"], "folate": ["Folat", "Folik Asit"],
    "vitamin_d": ["25-OH Vitamin D", "Vitamin D (25-OH)"], "crp": ["CRP", "C-Reaktif Protein (CRP)"],
    "esr": ["Sedimantasyon", "Eritrosit Sedimantasyon Hızı"], "prothrombin_time": ["Protrombin Zamanı (PT)", "PT"],
    "inr": ["INR", "PT-INR"], "aptt": ["aPTT", "APTT"], "fibrinogen": ["Fibrinojen"],
    "testosterone": ["Total Testosteron", "Testosteron"], "cortisol": ["Kortizol (sabah)", "Kortizol"],
    "prolactin": ["Prolaktin"], "ck": ["CK", "Kreatin Kinaz (CK)"], "ldh": ["LDH", "Laktat Dehidrogenaz (LDH)"],
    "amylase": ["Amilaz"], "lipase": ["Lipaz"], "psa": ["Total PSA", "PSA (total)"],
}
DIFF = {"cells": {"neut": "Nötrofil", "lymph": "Lenfosit", "mono": "Monosit", "eos": "Eozinofil", "baso": "Bazofil"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "{c} Sayısı"]}

PEOPLE = dict(
    first=(["Mehmet", "Mustafa", "Ahmet", "Emre", "İbrahim"], ["Ayşe", "Fatma", "Zeynep", "Elif", "Şule"]),
    last=["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"],
    city=("Atatürk Cad. No: {n} D: {s}", "06{p3} Çankaya/Ankara", "0312 ### ## ##"),
    labs=["Özel Sağlık Tıbbi Laboratuvarı", "Devlet Hastanesi Biyokimya Laboratuvarı", "Merkez Tıp Laboratuvarı"],
    doctor=("{t} {first} {last}", ("Uzm. Dr.", "Uzm. Dr.")), licence="Ruhsat No: {n4}",
    date_formats=["%d.%m.%Y", "%d/%m/%Y"],
)
DECIMAL_COMMA = 0.85

FAMILY_WORDS = {
    "email": (("Kimden", "Gönderildi", "Kime", "Konu", "İLT"),  # forward headers, subject, greeting, disclaimer
              "Laboratuvar sonuçlarınız - istem {n}",
              "Sayın {p}, {d} tarihli sonuçlarınız aşağıdadır.",
              "GİZLİLİK UYARISI: bu e-posta yalnızca alıcıya yöneliktir (KVKK, madde 6). Yanlışlıkla aldıysanız 24 "
              "saat içinde {phone} numarasını arayın. Sonuçlar 2-3 iş günü içinde değerlendirilir; çalışma saatleri"
              " 8:00-17:30."),
    "pending": ["Bekleniyor", "Yoruma bakınız", "---", "Çalışılıyor"],
    "summary_titles": ("Anormal sonuçların özeti", "Referans aralığı dışındaki sonuçlar"),
    "legend": ("Sonuç tekrar çalışılarak doğrulanmıştır", "Akredite olmayan test", "Referans aralığı dışında sonuç"),
    "request": "Numune: {s}   Alınma: {d}   No: {n}",
    "new_range": "Not: {d} tarihinden itibaren yeni referans aralığı: {r} {u}.",
    "portal": ("Test", "Sonucunuz", "Referans Aralığı", "Kesin sonuç", "Alınma {c} · Sonuç {r}"),
}
