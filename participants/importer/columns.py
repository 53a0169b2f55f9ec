"""The columns a list of people may have: how each is spelled in an office's header, what the preview and the
blank form call it, and the sheets (a roster's; the mentors', examiners' and grades' in their own modules) made of
them."""

import re
from dataclasses import dataclass

from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30


# The columns a list may have --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column a list may have: what the preview calls it, the header the downloadable template prints (as
    offices write it, in Indonesian), the spellings recognised (compared after upper-casing and dropping
    everything but letters), and the template's note on what to write in it."""

    key: str
    label: str | Promise
    printed: str
    spellings: tuple[str, ...]
    note: Promise = gettext_lazy("Optional.")
    stored: bool = True  # a row number ("NO") is recognised, so it is not listed as ignored, but never stored


@dataclass(frozen=True)
class Sheet:
    """The columns of one kind of list; the first row with every required column is its header."""

    columns: tuple[Column, ...]
    required: tuple[str, ...] = ("name", "nip")

    @cached_property
    def by_spelling(self) -> dict[str, str]:
        return {spelling: column.key for column in self.columns for spelling in column.spellings}

    @cached_property
    def labels(self) -> dict[str, str | Promise]:
        return {column.key: column.label for column in self.columns}

    def printed(self, keys) -> str:
        return ", ".join(column.printed for column in self.columns if column.key in keys)


NAME = Column(
    "name",
    gettext_lazy("Name"),
    "NAMA",
    (
        "NAMA",
        "NAMALENGKAP",
        "NAMAPESERTA",
        "NAMAPEGAWAI",
        "NAMADANGELAR",
        "NAMALENGKAPDANGELAR",
        "NAMAMENTOR",
        "NAMAPENGUJI",
        "NAMACAMAT",
    ),
    gettext_lazy("Required: the full name with academic titles, e.g. Drs. Ahmad Siregar, M.Si."),
)
NIP = Column(
    "nip",
    gettext_lazy("NIP"),
    "NIP",
    ("NIP", "NIPBARU", "NOMORINDUKPEGAWAI", "NIPPESERTA", "NIPMENTOR", "NIPPENGUJI"),
    gettext_lazy("Required: 18 digits, with or without spaces. Keep this column formatted as text."),
)
GRADE = Column(
    "grade",
    gettext_lazy("Pangkat/golongan"),
    "PANGKAT/GOL. RUANG",
    (
        "PANGKATGOLRUANG",
        "PANGKATGOLONGANRUANG",
        "PANGKATGOLONGAN",
        "PANGKATGOL",
        "GOLONGAN",
        "GOL",
        "GOLRUANG",
        "GOLONGANRUANG",
        "PANGKAT",
        "PANGKATGOLRUANGTMT",
    ),
    gettext_lazy("III/b, III.b or Penata Muda Tk. I (III/b)."),
)
POSITION = Column("position", gettext_lazy("Position"), "JABATAN", ("JABATAN", "NAMAJABATAN", "JABATANSAATINI"))
KECAMATAN = Column(
    "kecamatan",
    gettext_lazy("Kecamatan"),
    "KECAMATAN",
    (
        "KECAMATAN",
        "KEC",
        "WILAYAHKECAMATAN",
        "KODEKECAMATAN",
        "DISTRIK",
        "NAMAKECAMATAN",
        "WILAYAH",
        "WILAYAHKERJA",
        "WILAYAHTUGAS",
        "KECAMATANTUGAS",
        "LOKASITUGAS",
        "TEMPATTUGAS",
    ),
    # The blank form's note names a kecamatan of the cohort's own region (kecamatan_note).
    gettext_lazy("The name or the Kemendagri code of a kecamatan of the cohort's region."),
)
EMAIL = Column(
    "email",
    gettext_lazy("E-mail"),
    "EMAIL",
    ("EMAIL", "SUREL", "ALAMATEMAIL", "ALAMATSUREL"),
    gettext_lazy("The invitation to choose a password is sent to this address."),
)
PHONE = Column(
    "phone",
    gettext_lazy("Phone"),
    "NO. HP",
    ("NOHP", "HP", "NOMORHP", "NOTELP", "TELEPON", "NOTELEPON", "NOMORTELEPON", "NOWA", "WHATSAPP", "TELP"),
)
# "No" numbers the rows of this sheet, nothing more: only a header that says NDH gives roll numbers.
ROW_NUMBER = Column(
    "row_number",
    gettext_lazy("Row number (not saved)"),
    "NO",
    ("NO", "NOMOR", "NOURUT", "NOMORURUT", "URUT"),
    stored=False,
)

ROSTER = Sheet(
    (
        ROW_NUMBER,
        Column(
            "roll_number",
            gettext_lazy("NDH (roll number)"),
            "NDH",
            ("NDH", "NOMORDAFTARHADIR", "NODAFTARHADIR", "NONDH", "NOMORNDH"),
            gettext_lazy("Optional: without it, new participants are numbered after the highest NDH."),
        ),
        NAME,
        NIP,
        GRADE,
        POSITION,
        Column(
            "work_unit",
            gettext_lazy("Work unit"),
            "UNIT KERJA",
            ("UNITKERJA", "SATUANKERJA", "SATKER", "INSTANSI", "SKPD", "OPD", "UNITORGANISASI"),
        ),
        KECAMATAN,
        Column(
            "kelurahan",
            gettext_lazy("Kelurahan/desa"),
            "KELURAHAN/DESA",
            ("KELURAHAN", "KEL", "DESA", "KELURAHANDESA", "DESAKELURAHAN", "KELDESA", "DESAKEL", "KODEDESA"),
        ),
        EMAIL,
        PHONE,
        Column(
            "birth_place",
            gettext_lazy("Place of birth"),
            "TEMPAT LAHIR",
            ("TEMPATLAHIR", "TMPLAHIR", "TEMPATLHR", "TMPTLAHIR", "TEMPATTGLLAHIR", "TEMPATTANGGALLAHIR", "TTL"),
            gettext_lazy("Printed on the certificate: the city or kabupaten; a date after a comma is left out."),
        ),
        Column(
            "mentor_nip",
            gettext_lazy("Direct superior's NIP"),
            "NIP ATASAN",
            ("NIPATASAN", "NIPATASANLANGSUNG", "NIPMENTOR", "NIPPEMBIMBING"),
            gettext_lazy("The direct superior, who becomes the mentor: their NIP, as text."),
        ),
        Column(
            "mentor_name",
            gettext_lazy("Direct superior's name"),
            "NAMA ATASAN",
            ("NAMAATASAN", "NAMAATASANLANGSUNG", "ATASANLANGSUNG", "ATASAN", "MENTOR", "NAMAMENTOR"),
        ),
        Column(
            "mentor_position",
            gettext_lazy("Direct superior's position"),
            "JABATAN ATASAN",
            ("JABATANATASAN", "JABATANATASANLANGSUNG", "JABATANMENTOR"),
        ),
        Column(
            "coach_nip",
            gettext_lazy("Coach's NIP"),
            "NIP COACH",
            ("NIPCOACH", "COACH"),
            gettext_lazy("The NIP of one of the cohort's coaches, added first: they become the participant's coach."),
        ),
    )
)
SUPERIOR_COLUMNS = ("mentor_nip", "mentor_name", "mentor_position")
COACH_COLUMNS = ("coach_nip",)  # only where the cohort's programme has coaches
_SPACES = re.compile(r"\s+")


def _text(value) -> str:
    """A cell as text with stray and non-breaking spaces removed; numbers keep their type elsewhere."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    # Most cells have no whitespace but single spaces (any other is unprintable): no need for the regex.
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def _header_key(value) -> str:
    return re.sub(r"[^A-Z]", "", _text(value).upper())
