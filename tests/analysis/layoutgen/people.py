"""Invented patients, doctors and laboratories per language: the header block's precision traps.

Everything here is fictitious. The formats are the real ones, because they are what a parser must not
read as results: dates in the local order, phone numbers with hyphens ("3456-7890"), postcodes
("01310-100", "80361"), identity and accession numbers, licence numbers, street numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random

_FIRST = {
    "en": (["James", "Robert", "Michael", "David", "Daniel"], ["Mary", "Linda", "Susan", "Karen", "Emily"]),
    "es": (["José", "Javier", "Carlos", "Manuel", "Alejandro"], ["María", "Carmen", "Lucía", "Isabel", "Elena"]),
    "pt": (["João", "Pedro", "Lucas", "Rafael", "Thiago"], ["Ana", "Mariana", "Beatriz", "Juliana", "Camila"]),
    "fr": (["Jean", "Pierre", "Nicolas", "Julien", "Thomas"], ["Marie", "Nathalie", "Isabelle", "Camille", "Sophie"]),
    "it": (["Giuseppe", "Marco", "Luca", "Andrea", "Francesco"], ["Giulia", "Francesca", "Chiara", "Sara", "Anna"]),
    "de": (["Thomas", "Michael", "Andreas", "Stefan", "Jan"], ["Sabine", "Claudia", "Anna", "Julia", "Katrin"]),
    "id": (["Budi", "Agus", "Made", "Rizky", "Andi"], ["Siti", "Dewi", "Ni Luh", "Putri", "Ayu"]),
    "zh": (["伟", "强", "磊", "军", "洋"], ["芳", "娜", "敏", "静", "丽"]),
}
_LAST = {
    "en": ["Smith", "Johnson", "Walker", "Carter", "Mitchell"], "es": ["García", "Fernández", "López", "Martínez", "Sánchez"],
    "pt": ["Silva", "Santos", "Oliveira", "Souza", "Ferreira"], "fr": ["Martin", "Bernard", "Dubois", "Moreau", "Laurent"],
    "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"], "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber"],
    "id": ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kusuma"], "zh": ["王", "李", "张", "刘", "陈"],
}
_CITY = {  # street template, postcode+city template, phone template (# = digit)
    "en": ("{n} Maple Avenue, Suite {s}", "Springfield, IL 627{p2}", "(217) 555-0###"),
    "es": ("C/ Alcalá, {n}, {s}º B", "280{p2} Madrid", "+34 91 ### ## ##"),
    "pt": ("Av. Paulista, {n} - Conj. {s}", "01310-{p3} São Paulo - SP", "(11) 3###-####"),
    "fr": ("{n}, rue de la République", "690{p2} Lyon", "04 78 ## ## ##"),
    "it": ("Via Giuseppe Verdi {n}", "201{p2} Milano (MI)", "02 #### ####"),
    "de": ("Hauptstraße {n}", "101{p2} Berlin", "030 ###-####"),
    "id": ("Jl. Teuku Umar No. {n}", "Denpasar 801{p2}", "(0361) ###-###"),
    "zh": ("朝阳区建国路{n}号", "北京市 1000{p2}", "010-########"),
}
_LABS = {
    "en": ["Riverside Clinical Laboratories", "Northgate Diagnostics", "Summit Pathology Services"],
    "es": ["Laboratorio Clínico Central", "Análisis Clínicos San Rafael", "Laboratorio Echevarría"],
    "pt": ["Laboratório São Lucas", "Diagnósticos Vida Medicina Laboratorial", "Laboratório Bom Pastor"],
    "fr": ["Laboratoire de Biologie Médicale Bellecour", "Biolab Saint-Michel", "LBM des Trois Rivières"],
    "it": ["Laboratorio Analisi Cliniche San Marco", "Centro Diagnostico Lombardo", "Laboratorio Salus"],
    "de": ["Labor Dr. Becker & Kollegen", "MVZ Labordiagnostik Mitte", "Medizinisches Labor am Park"],
    "id": ["Laboratorium Klinik Sehat Sentosa", "Klinik Utama Pratama Lab", "Laboratorium Medika Nusantara"],
    "zh": ["北京市朝阳区第三人民医院检验科", "华东医学检验中心", "市中心医院检验科"],
}
_DOCTOR = {  # template, (title for a man, title for a woman)
    "en": ("{t} {first} {last}, MD", ("Dr.", "Dr.")), "es": ("{t} {first} {last}", ("Dr.", "Dra.")),
    "pt": ("{t} {first} {last} - CRM {crm}", ("Dr.", "Dra.")), "fr": ("{t} {first} {last}", ("Dr", "Dr")),
    "it": ("{t} {first} {last}", ("Dott.", "Dott.ssa")), "de": ("{t} {first} {last}", ("Dr. med.", "Dr. med.")),
    "id": ("{t} {first} {last}, Sp.PK", ("dr.", "dr.")), "zh": ("{last}{first}", ("", "")),
}
_LICENCE = {
    "en": "CLIA 05D{n7}", "es": "Registro Sanitario CS{n4}/{n4b}", "pt": "CNES {n7}", "fr": "FINESS {n9}",
    "it": "Aut. Reg. n. {n4}/{yr}", "de": "DAkkS D-ML-{n5}-01-00", "id": "Izin No. 503/{n4}/DPMPTSP/{yr}",
    "zh": "PDY{n9}",
}
INSTRUMENTS = ["Sysmex XN-1000", "Roche cobas c 503", "Abbott Alinity ci", "Beckman Coulter DxH 900",
               "Siemens Atellica CH 930", "Mindray BC-6800", "Roche cobas e 801", "Stago STA R Max 3"]
METHODS = {
    "cbc": "Impedance / flow cytometry", "diff": "Flow cytometry (fluorescence)", "diabetes": "Hexokinase",
    "lipids": "Enzymatic colorimetric (CHOD-PAP)", "kidney": "Jaffe kinetic, IDMS traceable", "electrolytes": "ISE indirect",
    "liver": "IFCC without P5P, 37 °C", "iron": "Ferrozine", "vitamins": "ECLIA", "thyroid": "CLIA",
    "inflammation": "Immunoturbidimetry", "coagulation": "Clotting (photo-optical)", "enzymes": "IFCC 37 °C",
    "hormones": "ECLIA", "tumour": "CMIA",
}


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    def full(self, lang: str) -> str:
        return f"{self.last}{self.first}" if lang == "zh" else f"{self.first} {self.last}"


@dataclass(frozen=True)
class Header:
    """Everything a report prints about the patient and the laboratory."""

    patient: Person
    sex: str                 # "M" / "F"
    age: int
    dob: date
    collected: datetime
    reported: datetime
    patient_id: str
    accession: str
    street: str
    city: str
    phone: str
    lab_name: str
    lab_street: str
    lab_city: str
    lab_phone: str
    licence: str
    doctor: str
    validator: str
    instrument: str


def _digits(rng: Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _fill(template: str, rng: Random) -> str:
    return "".join(rng.choice("0123456789") if ch == "#" else ch for ch in template)


def make_header(rng: Random, lang: str, sex: str, age: int) -> Header:
    firsts, lasts = _FIRST[lang], _LAST[lang]
    patient = Person(rng.choice(firsts[0] if sex == "M" else firsts[1]), rng.choice(lasts))
    doc_sex, val_sex = rng.randrange(2), rng.randrange(2)
    doc = Person(rng.choice(firsts[doc_sex]), rng.choice(lasts))
    val = Person(rng.choice(firsts[val_sex]), rng.choice(lasts))
    doc_t, titles = _DOCTOR[lang]
    street_t, city_t, phone_t = _CITY[lang]
    lab_street_t, lab_city_t, _ = _CITY[lang]
    collected = datetime(2024, 1, 8) + timedelta(days=rng.randrange(600), minutes=rng.randrange(6 * 60, 11 * 60))
    reported = collected + timedelta(hours=rng.randrange(3, 30), minutes=rng.randrange(60))
    dob = (collected - timedelta(days=age * 365 + rng.randrange(300))).date()
    parts = {"n": str(rng.randrange(2, 480)), "s": str(rng.randrange(1, 12)), "p2": _digits(rng, 2), "p3": _digits(rng, 3)}
    lic = _LICENCE[lang].format(n7=_digits(rng, 7), n4=_digits(rng, 4), n4b=_digits(rng, 4), n9=_digits(rng, 9),
                                n5=_digits(rng, 5), yr=rng.randrange(2015, 2024))
    return Header(
        patient=patient, sex=sex, age=age, dob=dob, collected=collected, reported=reported,
        patient_id=rng.choice(["", "P", "MRN"]) + _digits(rng, rng.choice([6, 8, 10])),
        accession=_digits(rng, 2) + rng.choice("ABCDEFGH") + _digits(rng, 7),
        street=street_t.format(**parts), city=city_t.format(**parts), phone=_fill(phone_t, rng),
        lab_name=rng.choice(_LABS[lang]),
        lab_street=lab_street_t.format(n=rng.randrange(2, 300), s=rng.randrange(1, 9), p2=_digits(rng, 2), p3=_digits(rng, 3)),
        lab_city=lab_city_t.format(p2=_digits(rng, 2), p3=_digits(rng, 3)), lab_phone=_fill(phone_t, rng),
        licence=lic, doctor=doc_t.format(t=titles[doc_sex], first=doc.first, last=doc.last, crm=_digits(rng, 6)),
        validator=doc_t.format(t=titles[val_sex], first=val.first, last=val.last, crm=_digits(rng, 6)),
        instrument=rng.choice(INSTRUMENTS),
    )


DATE_FORMATS = {"en": ["%m/%d/%Y", "%d/%m/%Y", "%d-%b-%Y"], "es": ["%d/%m/%Y"], "pt": ["%d/%m/%Y"], "fr": ["%d/%m/%Y"],
                "it": ["%d/%m/%Y"], "de": ["%d.%m.%Y"], "id": ["%d-%m-%Y", "%d/%m/%Y"], "zh": ["%Y-%m-%d"]}


from tests.analysis.layoutgen.langs import MODULES as _MORE  # noqa: E402  (the further languages' people)

for _lang, _mod in _MORE.items():
    _p = _mod.PEOPLE
    _FIRST[_lang], _LAST[_lang], _CITY[_lang], _LABS[_lang] = _p["first"], _p["last"], _p["city"], _p["labs"]
    _DOCTOR[_lang], _LICENCE[_lang], DATE_FORMATS[_lang] = _p["doctor"], _p["licence"], _p["date_formats"]


def fmt_date(d: date | datetime, lang: str, style: int = 0, *, time: bool = False) -> str:
    fmts = DATE_FORMATS[lang]
    text = d.strftime(fmts[style % len(fmts)])
    if time and isinstance(d, datetime):
        text += d.strftime(" %H:%M")
    return text
