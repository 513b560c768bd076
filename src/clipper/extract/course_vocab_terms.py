"""How a course page names its term, as data: the patterns of a term beside a year in ten
languages ("Sommersemester 2024", "Fall 2023", "2022年度"); the words only a course page's labels
and menus hold (office hours, credits; slides, exercises, exams); and the words of a conference's
programme, which a course's page does not hold ("Call for papers", "Coffee break", "基調講演").
"""

from __future__ import annotations


def word_groups(*groups: str) -> tuple[str, ...]:
    """One tuple from `|`-separated groups (one group per language)."""
    return tuple(dict.fromkeys(word.strip() for group in groups for word in group.split("|") if word.strip()))


COURSE_ONLY_WORDS = word_groups(
    "office hours|office hour|prerequisites|prerequisite|grading|grading policy|credits|ects|class hours|"
    "lecture hours|course code|midterm|final exam",
    "heures de bureau|disponibilités|prérequis|préalables|crédits|évaluation|code du cours",
    "sprechstunde|sprechstunden|voraussetzungen|leistungsnachweis|prüfungsleistung|ects-punkte",
    "horario de oficina|horario de clases|horario de atención|prerrequisitos|créditos|código|evaluación",
    "ricevimento|orario di ricevimento|propedeuticità|crediti|cfu",
    "horário de atendimento|pré-requisitos|créditos|ementa",
    "spreekuur|voorkennis|studiepunten",
    "答疑|先修课程|学分|考核方式|成績評価|履修条件|単位|수강 조건|학점|성적 평가",
)
"""Labels and "Key:" lines only a course page has (office hours, prerequisites, credits, grading)."""

COURSEWORK_WORDS = word_groups(
    "syllabus|slides|lecture slides|lecture notes|exercises|labs|assignments|homework|homeworks|problem sets|psets|"
    "exams|quizzes|readings|grading|office hours",
    "diapos|diapositives|notes de cours|exercices|corrections|travaux pratiques|tp|td|devoirs|examens|plan de cours",
    "folien|skript|skriptum|skripten|übungen|übungsblätter|hausübungen|aufgaben|klausuren|prüfungen|vorlesungsfolien",
    "diapositivas|apuntes|ejercicios|tareas|exámenes|programa del curso",
    "lucidi|dispense|esercizi|esercitazioni|esami|compiti",
    "apostilas|exercícios|listas de exercícios|provas|plano de ensino",
    "opdrachten|oefeningen|werkcolleges|tentamens|practica",
    "课件|讲义|作业|实验|考试|教学大纲|講義資料|スライド|課題|演習|シラバス|강의자료|과제|실습|시험|강의계획서",
)
"""Sections of a course's own site (what its menu links to: slides, exercises, assignments, exams);
generic site sections (projects, tutorials, resources, news) are not among them."""


# Terms: (regex, kind). Kinds: "single" (one calendar year), "range" (an academic year
# "2024-2025" or a winter semester that starts in autumn and runs into the next year), "roc"
# (a Taiwanese academic year in Minguo years, "113學年度" = 2024-2025).
TERM_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:wintersemester|wise|ws|w)\s*(\d{2,4})\s*/\s*(\d{2,4})\b", "range"),
    (r"\b(?:wintersemester|wise|ws)\s*(\d{2})(\d{2})\b", "range"),
    (r"\b(?:autumn|fall|automne)\s+(?:quarter\s+|term\s+|semester\s+)?(\d{4})\s*[-–/]\s*(\d{2,4})\b", "range"),
    (r"\b(?:sommersemester|sose|ss)\s*(\d{4}|\d{2})\b", "single"),
    (r"\b(?:spring|summer|fall|autumn|winter)\s+(?:quarter\s+|term\s+|semester\s+)?(\d{4})\b", "single"),
    (r"\b(\d{4})\s+(?:spring|summer|fall|autumn|winter)\b", "single"),
    (
        r"\b(?:printemps|été|automne|hiver|primavera|verano|otoño|invierno|autunno|inverno|estate|outono)\s+(\d{4})\b",
        "single",
    ),
    (r"\bsemestre\s+d[’']?\s*(?:automne|hiver|printemps|été)\s+(\d{4})\b", "single"),
    (r"\b(?:semestre|semester)\s+(\d{4})\s*[-./]\s*[12]\b", "single"),
    (
        r"\b(?:année|academic year|année universitaire|studienjahr|año académico|anno accademico)"
        r"\s+(\d{4})\s*[-–/]\s*(\d{2,4})\b",
        "range",
    ),
    (r"\b(20\d{2}|19\d{2})\s*[-–/]\s*(20\d{2}|19\d{2})\b", "range"),
    (r"(\d{4})\s*(?:年|학년도|년)\s*(?:度|春|秋|夏|冬|第?[一二12]\s*学期|\d\s*학기)", "single"),
    (r"(\d{4})\s*(?:春|秋|夏|冬)(?:季|学期)?", "single"),
    (r"(?<!\d)(1\d{2})\s*學年度", "roc"),
)

SCHOOL_TERM_WORDS: tuple[str, ...] = tuple(
    (
        "semester|trimester|quarter|term|academic year|school year|"
        "semestre|trimestre|année universitaire|année scolaire|"
        "sommersemester|wintersemester|sose|wise|ss|ws|studienjahr|"
        "cuatrimestre|curso académico|año académico|anno accademico|quadrimestre|ano letivo|"
        "学期|学年|年度|クォータ|ターム|학기|학년도"
    ).split("|")
)
"""A school's own words for its terms. A season and a year ("Winter 2026") name a term in a course's
title, but deeper in a page they may be an enrolment banner or a news item: there only a term
in these words counts (`course_detect`)."""

ACADEMIC_YEAR_SPLIT_MONTH = 8
"""In a range term, months from August on belong to the first year, earlier ones to the second."""


CONFERENCE_WORDS: tuple[str, ...] = tuple(
    (
        "call for papers|call for participation|call for abstracts|keynote|keynotes|keynote speakers|"
        "accepted papers|proceedings|camera-ready|camera ready|program committee|programme committee|"
        "steering committee|poster session|paper session|coffee break|"
        "appel à communications|appel à contributions|comité scientifique|comité de programme|pause café|"
        "pause-café|actes du colloque|session posters|"
        "tagungsband|programmkomitee|kaffeepause|hauptvortrag|"
        "convocatoria de ponencias|comité científico|comité de programa|pausa café|actas del congreso|"
        "comitato scientifico|comitato di programma|pausa caffè|atti del convegno|"
        "chamada de trabalhos|comitê científico|comissão científica|comitê de programa|anais do congresso|"
        "programmacommissie|koffiepauze|"
        "征稿|论文征集|特邀报告|大会报告|程序委员会|茶歇|论文集|"
        "論文募集|基調講演|招待講演|プログラム委員会|予稿集|"
        "논문 모집|기조연설|기조 강연|프로그램 위원회|커피 브레이크|논문집"
    ).split("|")
)
"""A conference's or a workshop's programme: its headings and rows name these; two of them and the
page is not a course (a course page links to a conference at most once)."""
