"""The patient header: name, age, sex, report date and laboratory, from the first page's lines.

Label forms in the languages of lexicon.py: 'Patient Name:', 'Nombre:', 'Nom :', 'Name:', 'Nama:', '姓名：',
'Naam:', 'Imię i nazwisko:', 'Hasta Adı Soyadı:',
'Age/Gender: 58 years / Male', 'SEX: M AGE: 22 Y', 'Edad: 45 años', 'Alter: 45 J.', 'Geschlecht: weiblich',
'Sexe : F', 'Jantina: Perempuan', '性别：男', 'BirthDate/Age : 08-11-2002/22', 'Name : X ( M )', dates after
'Report Date', 'Fecha', 'Datum', 'Date de prélèvement', 'Tanggal', '报告日期' ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.analysis.leadchars import compile_led
from shared.analysis.lexicon import NON_RESULT_LABELS, SEX_FIELD_LETTERS, SEX_LABELS, fold

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class Patient:
    name: str | None = None
    age: int | None = None
    sex: str | None = None  # "male" | "female"
    date: str | None = None
    lab: str | None = None


_DATE = (r"(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[- ][^\W\d_]{3,9}[- ,]+\d{4}|"
         r"[^\W\d_]{3,9}\.? \d{1,2},? \d{4}|\d{4}年\d{1,2}月\d{1,2}日)")
_DATE_LABELS = [r"report(?:ed)?\s*date", r"prélèvement\s+du", r"prelevement\s+du", r"prélevé\s+le", r"date\s+of\s+report", r"data\s+(?:del\s+)?referto", r"reported(?:\s+on)?",
                r"collection\s+date", r"date\s+of\s+collection", r"collected(?:\s+on)?", r"sample\s+collected",
                r"date\s+of\s+(?:test|sampling)", r"fecha\s+de\s+(?:informe|emisi[oó]n|toma|extracci[oó]n)",
                r"data\s+(?:do|de)\s+(?:laudo|coleta|emiss[aã]o)", r"date\s+de\s+(?:pr[ée]l[èe]vement|l'examen|"
                r"compte[- ]rendu)", r"data\s+(?:di\s+)?prelievo", r"befunddatum", r"abnahmedatum",
                r"tarikh\s+(?:laporan|sampel)", r"tanggal\s+(?:periksa|pemeriksaan|sampel)", r"报告日期", r"采样日期",
                r"datum\s+(?:uitslag|afname|rapport)", r"rapportdatum", r"afnamedatum",
                r"data\s+(?:wydania|wyniku|pobrania|badania)", r"rapor\s+tarihi", r"onay\s+tarihi",
                r"numune\s+(?:alma\s+)?tarihi", r"datum\s+(?:odb[ěe]ru|vyd[áa]n[íi])",
                r"data\s+(?:recolt[aă]rii|valid[aă]rii|elib[eă]r[aă]rii)", r"svarsdatum", r"provtagningsdatum",
                r"дата\s+(?:выдачи|взятия|исследования)",
                r"ng[àa]y\s+(?:l[ấa]y\s+m[ẫa]u|tr[ảa]\s+k[ếe]t\s+qu[ảa]|in)", r"th[ờo]i\s+gian\s+l[ấa]y\s+m[ẫa]u",
                r"pr[øo]vetagningstid", r"svardato", r"pr[øo]ve\s+taget", r"pr[øo]vetatt", r"pr[øo]vetakingstid", r"besvart",
                r"coll\.?", r"fecha", r"datum", r"tarikh", r"tanggal", r"日期", r"tarih", r"date"]
_DATE_ONLY = re.compile(_DATE)
_DATE_LABEL_BEFORE = compile_led(r"(?:\b|(?<=\W)|^)(?:" + "|".join(f"({label})" for label in _DATE_LABELS)
                                + r")\s*[:：\-]?\s*$", re.IGNORECASE)
_NAME_LABEL = (r"patient(?:'s)?\s*name|patient|name|nome(?:\s+do\s+paciente)?|nombre(?:\s+del\s+paciente)?|paciente|"
               r"paziente|nome\s+e\s+cognome|nom\s+et\s+pr[ée]nom|name\s+des\s+patienten|patientin|"
               r"cognome\s+e\s+nome|nom(?:\s+du\s+patient)?|patientenname|nama(?:\s+pesakit|\s+pasien)?|pasien|"
               r"pesakit|姓名|"
               # nl, pl, tr
               r"naam(?:\s+pati[eë]nt)?|pati[eë]ntnaam|pati[eë]nt|imi[eę]\s+i\s+nazwisko|nazwisko\s+i\s+imi[eę]|"
               r"nazwisko|pacjent|hasta\s+ad[ıi](?:\s+soyad[ıi])?|ad[ıi]\s+soyad[ıi]|ad\s+soyad|hasta|"
               # cs, ro, sv
               r"jm[ée]no(?:\s+a\s+p[řr][íi]jmen[íi])?|p[řr][íi]jmen[íi](?:\s+a\s+jm[ée]no)?|pacient|"
               r"nume(?:\s+(?:[șşs]i\s+prenume|pacient))?|prenume|namn|patientnamn|"
               r"ф\.?\s*и\.?\s*о\.?(?:\s+пациента)?|пациент|фамилия(?:\s+имя(?:\s+отчество)?)?|"
               # vi, da, no
               r"h[ọo]\s+(?:v[àa]\s+)?t[êe]n|(?:t[êe]n\s+)?b[ệe]nh\s+nh[âa]n|navn|patientnavn|pasient(?:navn)?")
_NOT_A_PERSON = frozenset({"test", "analyte", "parameter", "exam", "lab", "laboratory", "hospital", "clinic",
                           "specimen", "sample", "method", "kit", "product", "instrument", "analyser", "analyzer"})
_NAME_LABEL_RE = compile_led(rf"(?:\b|^)(?:{_NAME_LABEL})\s*[:：]", re.IGNORECASE)
_NAME_STOP = (r"age|sex|gender|date|dob|report|id|lab|ref|mrn|collection|referred|sample|reg|birth|uhid|"
              r"patient\s+(?:id|no|number)|doctor|age/|edad|sexo|fecha|eta|età|sesso|data|alter|geschlecht|"
              r"geb|datum|âge|sexe|né|nee|idade|umur|usia|jantina|kelamin|j\.\s*kelamin|jenis|tarikh|tanggal|"
              r"no\.?|leeftijd|geslacht|geboortedatum|geb\.?|wiek|p[łl]e[ćc]|pesel|data|ya[şs]|cinsiyet[ıi]?|"
              r"do[ğg]um|tarih|protokol|t\.c\.|kimlik|bsn|v[ěe]k|pohlav[íi]|rodn[ée]|narozen[íi]|v[âa]rst[aă]|cnp|"
              r"sexul|personnummer|[åa]lder|k[öo]n|f[öo]delsedatum|возраст|пол|дата|полис|tu[ổo]i|gi[ớo]i(?:\s+t[íi]nh)?|"
              r"ng[àa]y\s+sinh|n[ăa]m\s+sinh|m[ãa]\s+bn|cpr(?:-nr\.?)?|k[øo]n|kj[øo]nn|f[øo]dselsdato|f[øo]dselsnummer")
_STOP_WORD = compile_led(rf"(?:{_NAME_STOP})[.:]?", re.IGNORECASE)
_NAME_RE = compile_led(rf"(?:\b|^)(?:{_NAME_LABEL})\s*[:：]\s*(?P<v>[^:：|]+?)(?=\s{{2,}}|\s+\b(?:{_NAME_STOP})\b|"
                      r"\s*(?:性别|年龄|科室|病历号|床号|样本|标本|日期)|\s+[—–-]\s|\s*\||$)", re.IGNORECASE)
_AGE_RE = compile_led(r"(?:\b(?:age|edad|idade|âge|age|eta|età|alter|umur|usia|leeftijd|wiek|ya[şs][ıi]?|v[ěe]k|v[âa]rst[aă]|"
                     r"[åa]lder|возраст|tu[ổo]i)|年龄)\b"
                     r"(?:\s*/\s*(?:sex|gender|sexo|sexe|geschlecht|geslacht|p[łl]e[ćc]|cinsiyet))?\s*[:：\-]?\s*"
                     r"(\d{1,3})\s*(?:y\b|yr|yrs|year|years|anni|años|anos|ans|j\.?|jahre|tahun|jaar|lat|lata|ya[şs]|"
                     r"let|roky|ani|år|лет|года|год|tu[ổo]i|岁)?", re.IGNORECASE)
_BIRTH_AGE_RE = compile_led(r"birth\s*date\s*/\s*age\s*:?\s*[\d\-/.]+\s*/\s*(\d{1,3})\b", re.IGNORECASE)
# the sex words of every language (lexicon.SEX_LABELS), longest first so 'female' is not read as 'f'
_SEX_VALUES = "|".join(re.escape(w) for w in sorted(SEX_LABELS, key=len, reverse=True))
_SEX_RE = compile_led(rf"(?:\b(?:sex|gender|sesso|sexo|sexe|geschlecht|jantina|jenis\s+kelamin|kelamin|geslacht|"
                     rf"p[łl]e[ćc]|cinsiyet[ıi]?|pohlav[íi]|sexul|k[öo]n|пол|gi[ớo]i\s+t[íi]nh|gi[ớo]i|k[øo]n|kj[øo]nn)\b|性别)"
                     rf"\s*[:：\-]?\s*({_SEX_VALUES})(?:\b|(?=\W)|$)", re.IGNORECASE)
# 'Jantina: P', 'Geslacht: V', 'Płeć: K', 'Cinsiyeti: E': one letter, read by the language of its label (matched
# on the folded text: 'PŁEĆ' -> 'plec')
_SEX_LETTER_RES = [(compile_led(r"\b(?:" + "|".join(re.escape(label).replace(r"\ ", r"\s*") for label in labels)
                                + r")\s*[:：]?\s*(" + "|".join(sorted(letters, key=len, reverse=True)) + r")\b"),
                    letters) for labels, letters in SEX_FIELD_LETTERS]
_AGE_SEX_RE = compile_led(r"\b(\d{1,3})\s*(?:y|yr|yrs|years?|años|anos|ans|j|jahre|tahun)?\s*/\s*(male|female|m|f)\b",
                         re.IGNORECASE)
_LAB_HINTS = ("lab", "diagnos", "patholog", "clinic", "medical cent", "hospital", "klinik", "医院", "检验", "poliambul")
_LAB_RE = compile_led(r"(laborator|\blabs?\b|diagnostic|patholog|\bclinic\b|medical cent|hospital|laboratorium|"
                     r"laboratorio|laboratoire|labor\b|poliambulatorio|klinik|医院|检验)", re.IGNORECASE)
_LONE_AGE = compile_led(r"^\s*:?\s*(\d{1,3})\s*(?:years?|yrs?|y|años|anos|ans|jahre|tahun|jaar|lat|lata|ya[şs]|let|ani|år|лет|года|tu[ổo]i)\s*$",
                       re.IGNORECASE)
SEX_WORDS = SEX_LABELS
_DIGIT = re.compile(r"\d")


def _letters(s: str) -> int:
    return len(_LETTER.findall(s))


_BIRTH_RE = compile_led(r"(?:\bdob\b|date\s+of\s+birth|birth\s*date|born|n[ée]e?\s+le|fecha\s+de\s+nacimiento|"
                       r"data\s+(?:di|de)\s+nascimento|data\s+di\s+nascita|nato\s+il|geburtsdatum|geb\.?\s*(?:am|datum)?|"
                       r"tanggal\s+lahir|tgl\.?\s*lahir|tarikh\s+lahir|出生日期|geboortedatum|geb\.\s*datum|"
                       r"data\s+(?:urodzenia|ur\.)|do[ğg]um\s+tarihi|datum\s+narozen[íi]|dat\.\s*nar\.|data\s+na[șşs]terii|"
                       r"f[öo]delsedatum|дата\s+рождения|ng[àa]y\s+sinh|f[øo]dselsdato)\s*[:：]?\s*"
                       r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})")


def _age_from_birth(text: str, report_date: str | None) -> int | None:
    """Age in whole years from a printed birth date and the report's date (day-first unless impossible)."""
    m = _BIRTH_RE.search(text)
    if m is None or report_date is None:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day, month = (b, a) if b > 12 else (a, b)
    parts = [int(x) for x in re.findall(r"\d+", report_date)]
    if len(parts) != 3:
        return None
    if parts[0] > 31:
        r_year, r_month, r_day = parts
    else:
        r_day, r_month, r_year = (parts[1], parts[0], parts[2]) if parts[1] > 12 else parts
    if r_year < 100:
        r_year += 2000
    age = r_year - year - ((r_month, r_day) < (month, day))
    return age if 0 <= age < 120 else None


# Every date _DATE reads holds four digits in a row or 'd.d' then '.d' ('1.2.25'), and none runs over a line's
# end: the lines without either cannot hold one, and are not searched (most of a header's lines).
_MAY_HOLD_DATE = re.compile(r"\d{4}|\d[-/.]\d\d?[-/.]\d")


def _labelled_date(text: str) -> str | None:
    """The date after the highest-priority label ('Report Date' before 'Collected' before a bare 'Date')."""
    best = None
    at = 0
    for line in text.split("\n"):
        start, at = at, at + len(line) + 1
        if not _MAY_HOLD_DATE.search(line):
            continue
        for m in _DATE_ONLY.finditer(line):
            s = start + m.start()
            label = _DATE_LABEL_BEFORE.search(text[max(0, s - 40):s])
            if label is None:
                continue
            rank = next(i for i, g in enumerate(label.groups()) if g is not None)
            if best is None or rank < best[0]:
                best = (rank, m.group(0))
    return best[1] if best else None


def name_fields(text: str) -> set[str]:
    """The value of every 'Patient name: ...' field in the text, whether or not it was taken as the patient's
    name: what a redaction removes even when the header was read wrongly."""
    found: set[str] = set()
    for line in text.splitlines():
        if ":" in line or "：" in line:
            found.update(v for m in _NAME_RE.finditer(line)
                         if _letters(v := m.group("v").strip(" .-")) >= 2 and _a_person(line, m.start()))
            found.update(_run_to_next_field(line))
    return found


def _a_person(line: str, at: int) -> bool:
    """The name label at `at` names a person, not a test or a lab ('Test Name:', 'Lab Name:')."""
    before = line[:at].split()[-1:]
    return not (before and fold(before[0]) in _NOT_A_PERSON)


def _run_to_next_field(line: str) -> set[str]:
    """Every word after a name label up to the next field's colon ('Paziente: CHIARA FERRARI Refertato il: ...'
    gives 'CHIARA FERRARI Refertato il'): a redaction takes the next label's words too rather than leave a
    surname behind when the two fields are printed one space apart."""
    out: set[str] = set()
    for m in _NAME_LABEL_RE.finditer(line):
        if not _a_person(line, m.start()):
            continue
        rest = re.split(r"[:：|]", line[m.end():], maxsplit=1)[0]
        words = [w for w in rest.split() if not _DIGIT.search(w)]
        while words and (_STOP_WORD.fullmatch(words[-1]) or fold(words[-1]) in NON_RESULT_LABELS):
            words.pop()  # the next field's label ('... Age:', '... DOB:'): not part of the name
        value = " ".join(words).strip(" .-")
        if _letters(value) >= 2:
            out.add(value)
    return out


def parse_patient(pages: list[list[str]], *, is_header_line=lambda line: False) -> Patient:
    """Patient fields from the first page's first 60 lines (text lines in reading order)."""
    p = Patient()
    head = pages[0][:60] if pages else []
    text = "\n".join(head)
    for line in head:
        if p.name is None and (":" in line or "：" in line):
            m = _NAME_RE.search(line)
            if m:
                v = m.group("v").strip(" .-")
                sx = re.search(r"\(\s*([MF])\s*\)\s*$", v)
                if sx and p.sex is None:
                    p.sex = SEX_WORDS.get(sx.group(1).lower())
                v = re.sub(r"\(\s*[MF]\s*\)\s*$", "", v).strip()
                v = re.split(r",\s*\d", v)[0].strip()  # "Anjali Verma, 34 Y / Female"
                if v and _letters(v) >= 2 and not _DIGIT.search(v) and len(v) <= 60:
                    p.name = v
    m = _BIRTH_AGE_RE.search(text) or _AGE_RE.search(text) or _AGE_SEX_RE.search(text)
    if m:
        age = int(m.group(1))
        if 0 < age < 120:
            p.age = age
    if p.sex is None:
        m = _SEX_RE.search(text) or _AGE_SEX_RE.search(text)
        if m:
            p.sex = SEX_WORDS.get(m.group(m.lastindex or 0).lower())
    if p.sex is None:
        folded = fold(text)
        for regex, letters in _SEX_LETTER_RES:
            m = regex.search(folded)
            if m:
                p.sex = letters[m.group(1)]
                break
    # headers printed as a column of labels and a column of values: a lone "Male" / ": 25 Years" line
    for line in head[:40]:
        bare = line.strip(" :").lower()
        if p.sex is None and bare in ("male", "female"):
            p.sex = bare
        m = _LONE_AGE.match(line)
        if p.age is None and m and 0 < int(m.group(1)) < 120:
            p.age = int(m.group(1))
    p.date = _labelled_date(text)
    if p.age is None:
        p.age = _age_from_birth(text, p.date)
    for line in head[:40]:
        low = line.lower()
        if any(h in low for h in _LAB_HINTS) and _LAB_RE.search(line) and ":" not in line and "report" not in line.lower() and len(line) <= 90 \
                and not is_header_line(line) and not re.search(r"\bno\b|\bno\.|department", line, re.I):
            lab = re.sub(r"\s+\d{6,}.*$", "", line).strip()
            if _letters(lab) >= 4:
                p.lab = lab
                break
    return p
