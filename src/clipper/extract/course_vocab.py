"""The words the course extractor reads by: section labels, months, weekdays,
terms, modalities, in English, French and German.

Vocabulary is data, kept here so that the heuristics in the other `course_*`
modules stay short and a new language or synonym is a one-line change.
Every word is lower case and accent-bearing where the language writes it so;
matching is done on lower-cased, whitespace-normalised text.
"""

from __future__ import annotations

import re

# --- section labels -------------------------------------------------------------------------
# A label (heading, bold run-in label, table key) whose text matches one of these phrases
# names the role of the section it opens. Phrases match whole words anywhere in a short label.

DESCRIPTION_WORDS: tuple[str, ...] = (
    # en
    "description",
    "course description",
    "about",
    "about this course",
    "about the course",
    "overview",
    "course overview",
    "summary",
    "introduction",
    "what is this course about",
    "course content",
    "content",
    "synopsis",
    "abstract",
    # fr
    "présentation",
    "descriptif",
    "objectifs",
    "résumé",
    "à propos",
    "contenu",
    # de
    "beschreibung",
    "kurzbeschreibung",
    "allgemeines",
    "inhalt",
    "überblick",
    "übersicht",
    "inhalte",
)
"""Labels of the course description. `STRONG_DESCRIPTION_WORDS` win over these."""

STRONG_DESCRIPTION_WORDS: tuple[str, ...] = (
    "description",
    "course description",
    "about this course",
    "about the course",
    "what is this course about",
    "descriptif",
    "beschreibung",
    "kurzbeschreibung",
    "allgemeines",
    "présentation du cours",
)

PEOPLE_WORDS: tuple[str, ...] = (
    # en
    "instructor",
    "instructors",
    "staff",
    "course staff",
    "teaching staff",
    "team",
    "people",
    "organizer",
    "organizers",
    "organiser",
    "organisers",
    "teaching assistant",
    "teaching assistants",
    "tas",
    "ta",
    "course assistants",
    "cas",
    "lecturer",
    "lecturers",
    "faculty",
    "faculty advisor",
    "teachers",
    "teacher",
    "professor",
    "professors",
    "course assistant",
    "head ta",
    "instructor and tas",
    "tutors",
    "tutor",
    "who we are",
    # fr
    "enseignant",
    "enseignants",
    "enseignante",
    "enseignantes",
    "intervenant",
    "intervenants",
    "intervenante",
    "intervenantes",
    "équipe",
    "équipe pédagogique",
    "responsable",
    "responsables",
    "chargé de cours",
    "chargés de cours",
    "organisateurs",
    "organisatrices",
    # de
    "vortragende",
    "vortragender",
    "lehrende",
    "lehrender",
    "dozent",
    "dozenten",
    "dozentin",
    "leiter",
    "lva leiter",
    "lva-leiter",
    "leitung",
    "betreuer",
    "betreuung",
    "tutoren",
    "veranstalter",
    "organisatoren",
)

SCHEDULE_WORDS: tuple[str, ...] = (
    # en
    "schedule",
    "syllabus",
    "lectures",
    "lecture schedule",
    "calendar",
    "sessions",
    "program",
    "programme",
    "talks",
    "course schedule",
    "class schedule",
    "timetable",
    "agenda",
    "topics",
    "lecture notes",
    "sections",
    "seminars",
    "meetings",
    "course plan",
    # fr
    "calendrier",
    "séances",
    "séance",
    "planning",
    "emploi du temps",
    "conférences",
    "programme des séances",
    "déroulement",
    # de
    "termine",
    "terminplan",
    "zeitplan",
    "vorträge",
    "voträge",
    "vorlesungen",
    "ablauf",
    "materialien",
    "sitzungen",
    "themen",
)

EXCLUDED_WORDS: tuple[str, ...] = (
    # en
    "announcements",
    "announcement",
    "news",
    "updates",
    "assignments",
    "assignment",
    "homework",
    "homeworks",
    "problem sets",
    "faq",
    "frequently asked questions",
    "grading",
    "office hours",
    "exams",
    "deadlines",
    "sponsors",
    "previous iterations",
    "projects",
    # fr
    "annonces",
    "actualités",
    "nouvelles",
    "devoirs",
    "examens",
    "évaluation",
    # de
    "neuigkeiten",
    "aktuelles",
    "ankündigungen",
    "hausübungen",
    "übungsblätter",
    "prüfung",
)
"""Sections that hold lists of dated rows which are not the schedule."""

# --- schedule table columns ------------------------------------------------------------------

DATE_COLUMN_WORDS = ("date", "dates", "day", "when", "datum", "tag", "termin", "jour")
TITLE_COLUMN_WORDS = (
    "topic",
    "topics",
    "title",
    "subject",
    "lecture",
    "session",
    "content",
    "theme",
    "titel",
    "thema",
    "inhalt",
    "vortrag",
    "sujet",
    "titre",
    "thème",
    "contenu",
    "séance",
)
SPEAKER_COLUMN_WORDS = (
    "speaker",
    "speakers",
    "instructor",
    "lecturer",
    "presenter",
    "presenters",
    "team",
    "by",
    "who",
    "guest",
    "ta",
    "tutor",
    "leader",
    "vortragende",
    "vortragender",
    "referent",
    "referentin",
    "intervenant",
    "intervenants",
    "orateur",
    "enseignant",
    "conférencier",
)
DESCRIPTION_COLUMN_WORDS = (
    "description",
    "abstract",
    "summary",
    "details",
    "beschreibung",
    "résumé",
    "abstrakt",
)
SEPARATE_COLUMN_WORDS = ("assignment", "assignments", "homework", "due", "hausübung", "devoir")

SPEAKER_LINE = re.compile(
    r"^\s*(speakers?|presenters?|guest speakers?|guests?|lecturers?|intervenant(?:e)?s?|"
    r"orat(?:eur|rice)s?|conférencier(?:e)?s?|vortragende[rn]?|referent(?:in|en)?|"
    r"sprecher(?:in)?)\s*[:：]\s*",
    re.IGNORECASE,
)
"""A line announcing who speaks: `Speaker: Jane Doe, MIT`."""

SPEAKER_CLASS_HINTS = ("speaker", "presenter", "author", "intervenant", "referent", "vortrag")

# --- dates -----------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    # en
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # fr
    "janvier": 1,
    "janv": 1,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fevr": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
    # de
    "januar": 1,
    "jänner": 1,
    "jaenner": 1,
    "februar": 2,
    "feber": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "okt": 10,
    "dezember": 12,
    "dez": 12,
}

WEEKDAYS: tuple[str, ...] = (
    # en
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    # fr
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lun",
    "mer",
    "jeu",
    "ven",
    "sam",
    "dim",
    # de
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "mo",
    "di",
    "mi",
    "do",
    "fr",
    "sa",
    "so",
)

# Terms: (regex, kind). Kinds: "single" (one calendar year), "winter-semester" (a year
# that starts in autumn and runs into the next), "range" (an academic year "2024-2025").
TERM_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:wintersemester|wise|ws)\s*(\d{2,4})\s*/\s*(\d{2,4})\b", "range"),
    (r"\b(?:wintersemester|wise|ws)\s*(\d{2})(\d{2})\b", "range"),
    (r"\b(?:autumn|fall|automne)\s+(?:quarter\s+|term\s+|semester\s+)?(\d{4})\s*[-–/]\s*(\d{2,4})\b", "range"),
    (r"\b(?:sommersemester|sose|ss)\s*(\d{4}|\d{2})\b", "single"),
    (r"\b(?:spring|summer|fall|autumn|winter)\s+(?:quarter\s+|term\s+|semester\s+)?(\d{4})\b", "single"),
    (r"\b(?:printemps|été|automne|hiver)\s+(\d{4})\b", "single"),
    (r"\bsemestre\s+d[’']?\s*(?:automne|hiver|printemps|été)\s+(\d{4})\b", "single"),
    (r"\b(?:année|academic year|année universitaire|studienjahr)\s+(\d{4})\s*[-–/]\s*(\d{2,4})\b", "range"),
    (r"\b(20\d{2}|19\d{2})\s*[-–/]\s*(20\d{2}|19\d{2})\b", "range"),
)

ACADEMIC_YEAR_SPLIT_MONTH = 8
"""In a range term, months from August on belong to the first year, earlier ones to the second."""

# --- modality --------------------------------------------------------------------------------

MODALITY = re.compile(
    r"\[\s*((?:in[- ]person|virtual|zoom|online|hybrid|remote|livestream|présentiel|"
    r"en ligne|distanciel|à distance|hybride|präsenz|vor ort|digital)[^\]]{0,30})\]",
    re.IGNORECASE,
)

# --- people ----------------------------------------------------------------------------------

NAME_PARTICLES = frozenset(
    "de del della der den di da du dos das la le van von zu ten ter bin ibn al el y e of".split()
)
NOT_NAME_WORDS = frozenset(
    """instructor instructors staff team ta tas teaching assistant assistants professor
    lecturer lecturers faculty advisor organizer organizers office hours email contact
    course courses lecture lectures schedule home syllabus university institute lab labs
    college school department center centre inc research google meta microsoft openai
    deepmind nvidia amazon apple ibm ai the and for with tba tbd none n/a head lead
    enseignant enseignants intervenant intervenants université universität hochschule
    leiter dozent team staff sprechstunde week woche semaine mailing list slides video""".split()
)

BOILERPLATE_HINTS = (
    "nav",
    "menu",
    "sidebar",
    "side-bar",
    "rightside",
    "breadcrumb",
    "footer",
    "cookie",
    "consent",
    "gdpr",
    "social",
    "share",
    "skip",
    "toolbar",
    "topbar",
    "masthead-links",
    "preloader",
    "spinner",
)
"""id/class fragments of page chrome (removed when mostly links, or always for cookies)."""

ALWAYS_BOILERPLATE_HINTS = ("cookie", "consent", "gdpr", "preloader", "spinner")

COURSE_WORDS = re.compile(
    r"\b(course|class|seminar|lecture|lectures|syllabus|cours|séminaire|enseignement|"
    r"vorlesung|seminar|lehrveranstaltung|lva|übung|bootcamp|workshop|tutorial)\b",
    re.IGNORECASE,
)
COURSE_CODE = re.compile(r"\b([A-Z]{2,5}\s?-?\d{2,4}[A-Z]?|\d{1,2}\.[A-Z]?\d{2,4}|\d{2}-\d{3})\b")
