"""The words the course extractor reads by, as data: section labels, roles, table
columns, modalities, in en, fr, de, es, it, pt, nl, zh, ja and ko (a term's words, and the
words only a course page's labels and menus hold, are in `course_vocab_terms`).

Month and weekday names are not here: they come from CLDR (`course_locale`),
for the locales in `DATE_LOCALES`; `EXTRA_MONTHS`/`EXTRA_WEEKDAYS` only add
spellings pages use that CLDR lacks. Everything else is kept here so that the
heuristics in the other `course_*` modules stay short and a new language or
synonym is a one-word change. Words are lower case, written with their accents;
matching is done on lower-cased, whitespace-normalised text, whole words for
alphabetic scripts and anywhere for Chinese, Japanese and Korean.
"""

from __future__ import annotations

import re

from clipper.extract.course_vocab_chrome import ALWAYS_BOILERPLATE_HINTS as ALWAYS_BOILERPLATE_HINTS
from clipper.extract.course_vocab_chrome import BOILERPLATE_HINTS as BOILERPLATE_HINTS
from clipper.extract.course_vocab_terms import COURSE_ONLY_WORDS as COURSE_ONLY_WORDS
from clipper.extract.course_vocab_terms import COURSEWORK_WORDS as COURSEWORK_WORDS
from clipper.extract.course_vocab_terms import word_groups

DATE_LOCALES = ("en", "fr", "de", "de_AT", "es", "it", "pt", "nl", "zh", "zh_Hant", "ja", "ko")
EXTRA_MONTHS = {"sept": 9, "janv": 1, "févr": 2, "fevr": 2, "juil": 7, "jaenner": 1, "maerz": 3}
EXTRA_WEEKDAYS = ("tues", "thur", "thurs", "weds")

# --- section labels -------------------------------------------------------------------------
# A label (heading, bold run-in label, table key) whose text matches one of these phrases
# names the role of the section it opens.

OBJECTIVE_WORDS = word_groups(
    "learning objectives|learning outcomes|course objectives|objectives",
    "objectifs|objectifs du cours|objectifs pédagogiques",
    "lernziele|qualifikationsziele",
    "objetivos|objetivos de aprendizaje",
    "obiettivi|obiettivi formativi",
    "leerdoelen",
    "课程目标|教学目标|学习目标|課程目標|教學目標|學習目標|到達目標|授業の目的|授業の目標|学習目標|학습 목표|강의 목표|교육 목표",
)
"""Labels of what a student will be able to do: the course's description only when the page has
no description label and no lead paragraph of its own."""

DESCRIPTION_WORDS = word_groups(
    "description|course description|about|about this course|about the course|overview|course overview|summary|"
    "introduction|what is this course about|course content|synopsis|welcome|course information|course info",
    "présentation|descriptif|description du cours|objectifs|résumé|à propos|contenu|présentation du cours|"
    "résumé du plan de cours",
    "beschreibung|kurzbeschreibung|kursbeschreibung|allgemeines|inhalt|inhalte|lehrinhalte|überblick|übersicht",
    "descripción|descripción del curso|acerca del curso|sobre el curso|presentación|resumen|introducción|"
    "objetivos|contenidos|bienvenida|bienvenidos",
    "descrizione|descrizione del corso|presentazione|introduzione|panoramica|obiettivi|contenuti",
    "descrição|descrição da disciplina|apresentação|sobre a disciplina|ementa|resumo|introdução|objetivos",
    "beschrijving|omschrijving|cursusbeschrijving|inleiding|overzicht|over deze cursus|inhoud",
    "课程简介|课程介绍|课程描述|课程概述|简介|概述|課程簡介|課程介紹|課程描述",
    "授業概要|講義概要|概要|はじめに",
    "강의 개요|강의 소개|과목 소개|개요|소개",
    *OBJECTIVE_WORDS,
)
"""Labels of the course description. `STRONG_DESCRIPTION_WORDS` win over these, and these over
`OBJECTIVE_WORDS`."""

STRONG_DESCRIPTION_WORDS = word_groups(
    "description|course description|about this course|about the course|what is this course about|course overview",
    "descriptif|description du cours|présentation du cours|résumé du plan de cours",
    "beschreibung|kurzbeschreibung|kursbeschreibung|allgemeines",
    "descripción|descripción del curso|acerca del curso|sobre el curso",
    "descrizione|descrizione del corso",
    "descrição|descrição da disciplina|ementa",
    "beschrijving|cursusbeschrijving|over deze cursus",
    "课程简介|课程介绍|课程描述|課程簡介|課程介紹",
    "授業概要|講義概要",
    "강의 개요|강의 소개|과목 소개",
)

PEOPLE_WORDS = word_groups(
    "instructor|instructors|staff|course staff|teaching staff|team|people|organizer|organizers|organiser|organisers|"
    "organizing committee|teaching assistant|teaching assistants|tas|ta|course assistants|course assistant|cas|"
    "lecturer|lecturers|faculty|faculty advisor|teachers|teacher|professor|professors|head ta|instructor and tas|"
    "tutors|tutor|teaching fellows|who we are|instructor in charge|contact|contacts|coordinators|teaching team",
    "enseignant|enseignants|enseignante|enseignantes|intervenant|intervenants|intervenante|intervenantes|équipe|"
    "équipe pédagogique|responsable|responsables|chargé de cours|chargés de cours|chargée de cours|organisateurs|"
    "organisatrices|professeur|professeure|professeurs|tuteurs|comité d'organisation|chargé de td|chargée de td|"
    "chargés de td|chargées de td|chargés de tp|moniteurs|coordinateurs|coordinatrices",
    "vortragende|vortragender|lehrende|lehrender|dozent|dozenten|dozentin|leiter|lva leiter|lva-leiter|leitung|"
    "betreuer|betreuung|tutoren|tutorinnen|veranstalter|organisatoren|lehrperson|lehrpersonen|ansprechpartner|"
    "übungsleitung|übungsleiter|übungsleiterin|dozierende|lehrbeauftragte|koordinatoren|koordinatorinnen",
    "profesor|profesora|profesores|profesoras|docente|docentes|equipo|equipo docente|instructores|ayudante|"
    "ayudantes|organizadores|organizadoras|coordinador|coordinadora|coordinadores|coordinadoras|auxiliares|tutores",
    "docenti|professore|professoressa|professori|insegnanti|organizzatori|organizzatrici|coordinatore|"
    "coordinatrice|coordinatori|esercitatori|tutori",
    "professora|professores|professoras|equipe|organizadores|organizadoras|coordenador|coordenadora|"
    "coordenadores|instrutor|instrutores|monitor|monitora|monitores|monitoria|tutores",
    "docent|docenten|begeleiders|assistenten|organisatie|studentassistenten|student-assistenten|staf|"
    "coördinatoren|coordinatoren",
    "教师|授课教师|主讲教师|任课教师|老师|助教|教学团队|讲师|教師|授課教師|講師|组织者|組織者|主办|主辦",
    "担当教員|教員|担当者|担当|ティーチングアシスタント|ティーチング アシスタント|主催|世話人",
    "담당 교수|교수진|교수|강사|조교|주최|주관|운영진",
)

SCHEDULE_WORDS = word_groups(
    "schedule|syllabus|lectures|lecture schedule|calendar|sessions|program|programme|talks|course schedule|"
    "class schedule|timetable|agenda|seminars|meetings|course plan|weekly schedule|events|past events|"
    "upcoming events|course dates|dates|lecture plan",
    "calendrier|séances|séance|planning|emploi du temps|conférences|programme des séances|déroulement|"
    "planification|séminaires|plan de cours",
    "termine|terminplan|zeitplan|vorträge|voträge|vorlesungen|ablauf|sitzungen|semesterplan|wochenplan|programm",
    "calendario|cronograma|programa|sesiones|clases|planificación|temario|charlas",
    "programma|lezioni|incontri|programma degli incontri|seminari",
    "calendário|aulas|sessões",
    "rooster|collegerooster|schema",
    "课程安排|日程|课表|教学安排|教学日历|日程安排|时间表|课程日历|課程安排|課程進度",
    "授業計画|日程|スケジュール|講義予定|授業予定",
    "강의 일정|강의 계획|수업 일정|일정",
)

EXCLUDED_WORDS = word_groups(
    "announcements|announcement|news|updates|assignments|assignment|homework|homeworks|problem sets|faq|"
    "frequently asked questions|grading|office hours|exams|deadlines|sponsors|previous iterations|projects|"
    "changelog|change log|release notes|resources|readings|important dates|key dates",
    "annonces|actualités|nouvelles|devoirs|examens|évaluation|évaluations|heures de bureau|disponibilités|"
    "dates importantes|dates clés|échéances",
    "neuigkeiten|aktuelles|ankündigungen|hausübungen|übungsblätter|prüfung|prüfungen|sprechstunde|sprechstunden|"
    "wichtige termine|fristen",
    "anuncios|avisos|noticias|tareas|evaluación|calificación|exámenes|horario de atención|fechas importantes|plazos",
    "annunci|avvisi|notizie|compiti|valutazione|esami|ricevimento|date importanti|scadenze",
    "notícias|tarefas|avaliação|provas|horário de atendimento|datas importantes|prazos",
    "aankondigingen|nieuws|opdrachten|beoordeling|tentamens|spreekuur|belangrijke data|deadlines",
    "公告|通知|作业|评分|考试|更新日志|更新记录|答疑|重要日期|截止日期",
    "お知らせ|課題|成績評価|試験|オフィスアワー|重要な日程|締切",
    "공지|과제|평가|시험|면담|마감",  # not 주요 일정: "main schedule" as well as "important dates"
)
"""Sections that hold lists of dated rows which are not the schedule."""

EXACT_ONLY_WORDS = frozenset(
    word_groups(
        "about|team|people|contact|contacts|dates|events|program|programme|programm|programa|programma|introduction|"
        "summary|content|contents|resumen|résumé|resumo|sobre|inhalt|inhoud|faculty|staff|staf|themen|sessions|"
        "meetings|news|updates|resources|projects|overview|présentation|presentación|presentazione|apresentação|"
        "responsable|responsables|leitung|equipo|équipe|equipe|ta|tas|ca|cas|tf|tfs|日程|介绍|简介|概述|概要|소개|개요|일정|"
        "担当|주관"
    )
)
"""Words that name a section only when they are the whole label ("About", not "About the Author")."""

# --- roles -----------------------------------------------------------------------------------
# The normalised role of a person, by the words of the label, card or cell that names it.
# First match wins, so the assistant words (which may contain "professor" or "teacher") come first.

ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "teaching assistant",
        word_groups(
            "teaching assistant|teaching assistants|ta|tas|head ta|lead ta|tf|tfs|teaching fellow|teaching fellows|"
            "course assistant|course assistants|ca|cas|head ca|tutor|tutors|grader|graders",
            "chargé de td|chargée de td|chargés de td|chargé de tp|chargée de tp|chargés de tp|tuteur|tuteurs|tutrice|"
            "moniteur|assistant d'enseignement|travaux dirigés|travaux pratiques",
            "tutoren|tutorinnen|tutorin|übungsleiter|übungsleitung",
            "ayudante|ayudantes|ayudantía|auxiliar|monitor|monitora|monitores|tutores",
            "esercitatore|esercitatori|tutori",
            "monitoria",
            "student-assistent|student-assistenten|studentassistent|studentassistenten|assistent|assistenten",
            "助教|助理|ティーチングアシスタント|ティーチング・アシスタント|ta|조교",
        ),
    ),
    (
        "advisor",
        word_groups(
            "advisor|adviser|faculty advisor|faculty adviser|conseiller|betreuer|betreuerin|betreuung|asesor|consulente"
        ),
    ),
    (
        "organiser",
        word_groups(
            "organizer|organizers|organiser|organisers|organizing committee|organising committee|host|hosts|"
            "coordinator|coordinators",
            "organisateur|organisateurs|organisatrice|organisatrices|comité d'organisation|coordinateur|coordinatrice|"
            "coordinateurs|coordinatrices",
            "veranstalter|organisator|organisatoren|organisation|koordinator|koordinatorin|koordinatoren|"
            "koordinatorinnen",
            "organizador|organizadores|organizadora|organizadoras|coordinador|coordinadora|coordinadores|coordinadoras",
            "organizzatore|organizzatori|organizzatrici|coordinatore|coordinatrice|coordinatori",
            "organizador|organizadores|organizadoras|coordenador|coordenadora|coordenadores",
            "organisator|organisatoren|coördinator|coördinatoren|coordinatoren|organisatie",
            "组织者|主办|主辦|組織者|主催|世話人|주최|주관|운영진",
        ),
    ),
    (
        "instructor",
        word_groups(
            "instructor|instructors|lead instructor|co-instructor|lecturer|lecturers|professor|professors|teacher|"
            "teachers|faculty|instructor in charge|in charge|course director|course leader|staff|teaching staff|"
            "teaching team",
            "enseignant|enseignants|enseignante|enseignantes|professeur|professeure|professeurs|chargé de cours|"
            "chargée de cours|chargés de cours|responsable|responsables|intervenant|intervenante|intervenants|"
            "équipe pédagogique|maître de conférences|cours magistral",
            "dozent|dozentin|dozenten|lehrende|lehrender|lehrperson|leiter|leiterin|lva leiter|lva-leiter|leitung|"
            "vortragende|vortragender|professorin|verantwortlich|verantwortliche|dozierende|lehrbeauftragte|"
            "lehrbeauftragter",
            "profesor|profesora|profesores|profesoras|docente|docentes|instructor|instructora|instructores|titular|"
            "encargado|encargada",
            "docenti|professore|professoressa|professori|insegnante|insegnanti|titolare",
            "professor|professora|professores|professoras|instrutor|instrutora|instrutores",
            "docent|docenten|hoogleraar|leraar",
            "教师|授课教师|主讲教师|任课教师|主讲|老师|讲师|教授|教師|授課教師|講師|担当教員|教員|担当|교수|강사|담당 교수",
        ),
    ),
    (
        "speaker",
        word_groups("speaker|speakers|presenter|presenters|guest|intervenant|referent|referentin|ponente|relatore"),
    ),
)
"""Normalised role -> the words that name it, most specific first."""

TEACHING_ROLES = frozenset({"instructor", "organiser", "advisor"})
"""Roles listed in the note's `instructors` property (teaching assistants are in the text and the JSON)."""

# --- schedule table columns ------------------------------------------------------------------

DATE_COLUMN_WORDS = word_groups(
    "date|dates|day|when|datum|tag|termin|jour|fecha|fechas|día|data|giorno|dia|dag|datum|日期|日付|날짜|時間|时间"
)
WEEK_COLUMN_WORDS = word_groups(
    "week|wk|woche|semaine|semana|settimana|semana|week|周|週|주차|no|nr|#|n°|sesión|séance|lezione"
)
TITLE_COLUMN_WORDS = word_groups(
    "topic|topics|title|subject|lecture|session|content|contents|theme|activity|activities|event|item|what|class",
    "sujet|titre|thème|contenu|séance|activité|cours|thématique",
    "titel|thema|inhalt|inhalte|vortrag|veranstaltung",
    "tema|temas|título|contenido|contenidos|actividad|sesión|clase",
    "argomento|titolo|contenuto|contenuti|lezione|attività",
    "assunto|conteúdo|aula|atividade",
    "onderwerp|inhoud|college",
    "主题|内容|课题|題目|题目|标题|標題|テーマ|タイトル|演題|주제|내용|제목",
)
SPEAKER_COLUMN_WORDS = word_groups(
    "speaker|speakers|instructor|instructors|lecturer|lecturers|presenter|presenters|team|by|who|guest|ta|tutor|"
    "leader|teacher|teachers|host",
    "intervenant|intervenants|orateur|enseignant|enseignants|conférencier|animateur",
    "vortragende|vortragender|referent|referentin|dozent|dozentin",
    "ponente|ponentes|profesor|profesores|docente|docentes|expositor",
    "relatore|relatori|docente|docenti",
    "palestrante|professor|professores",
    "spreker|docent",
    "讲者|报告人|主讲|主讲人|授课人|授课教师|讲授人|講者|講師|担当|担当者|발표자|강사|담당",
)
DESCRIPTION_COLUMN_WORDS = word_groups(
    "description|abstract|summary|details|notes|beschreibung|résumé|abstrakt|descripción|resumen|descrizione|"
    "descrição|beschrijving|摘要|概要|설명"
)
SEPARATE_COLUMN_WORDS = word_groups(
    "assignment|assignments|homework|due|deadline|hausübung|devoir|devoirs|tarea|tareas|compiti|tarefa|opdracht|作业"
)

NO_SESSION = re.compile(
    r"\b(?:no\s+class(?:es)?|no\s+lecture|no\s+meeting|no\s+session|holiday|holidays|spring\s+break|fall\s+break|"
    r"winter\s+break|thanksgiving|reading\s+week|recess|break|"
    r"pas\s+de\s+cours|relâche|congé|vacances|semaine\s+de\s+lecture|férié|"
    r"keine\s+(?:vorlesung|veranstaltung|übung)|vorlesungsfrei|feiertag|\w*ferien|"
    r"feriado|festivo|sin\s+clases?|no\s+hay\s+clases?|receso|vacaciones|"
    r"festività|vacanza|vacanze|nessuna\s+lezione|"
    r"não\s+haverá\s+aula|sem\s+aula|recesso|"
    r"geen\s+college|\w*vakantie)\b|放假|休息|假期|停课|休講|休校|休み|祝日|휴강|방학|연휴",
    re.IGNORECASE,
)
"""A row or heading that marks a day without a session (a holiday, a break)."""

WEEK_LABEL = re.compile(
    r"^\s*(?:(?:week|wk|woche|semaine|semana|settimana|sem\.?)\s*\d{1,2}|\d{1,2}\s*(?:\.\s*)?(?:woche|semaine)|"
    r"第\s*\d{1,2}\s*[周週回讲講次]|\d{1,2}\s*(?:주차?|회차?))\b",
    re.IGNORECASE,
)
"""A week or session label opening a line: "Week 3", "Semaine 3", "Woche 3", "第3周", "第3回", "第3讲", "3주", "3회"."""


SPEAKER_LINE = re.compile(
    r"^\s*(speakers?|presenters?|guest speakers?|guests?|lecturers?|intervenant(?:e)?s?|"
    r"orat(?:eur|rice)s?|conférencier(?:e)?s?|vortragende[rn]?|referent(?:in|en)?|"
    r"sprecher(?:in)?|ponentes?|relator[ei]|palestrantes?|docentes?|sprekers?|讲者|报告人|講師|発表者|발표자)\s*[:：]\s*",
    re.IGNORECASE,
)
"""A line announcing who speaks: `Speaker: Jane Doe, MIT`."""

SPEAKER_CLASS_HINTS = ("speaker", "presenter", "author", "intervenant", "referent", "vortrag", "ponente", "relatore")

# --- modality --------------------------------------------------------------------------------

MODALITY = re.compile(
    r"\[\s*((?:in[- ]person|virtual|zoom|online|hybrid|remote|livestream|présentiel|"
    r"en ligne|distanciel|à distance|hybride|präsenz|vor ort|digital|presencial|en línea|virtuale|in presenza|"
    r"remoto|线上|线下|オンライン|対面|온라인|대면)[^\]]{0,30})\]",
    re.IGNORECASE,
)

# --- people ----------------------------------------------------------------------------------

NAME_PARTICLES = frozenset(
    "de del della der den di da du dos das la le van von zu ten ter bin ibn al el y e of d' do".split()
)
NOT_NAME_WORDS = frozenset(
    """instructor instructors staff team ta tas teaching assistant assistants professor
    lecturer lecturers faculty advisor organizer organizers office hours email contact
    course courses lecture lectures schedule home syllabus university institute lab labs
    college school department center centre inc research google meta microsoft openai
    deepmind nvidia amazon apple ibm ai the and for with tba tbd none n/a head lead
    enseignant enseignants intervenant intervenants université universität hochschule
    leiter dozent team staff sprechstunde week woche semaine mailing list slides video
    profesor profesora docente docenti professore universidad università universidade
    introduction introducción einführung overview session sessions class classes exam
    midterm final project homework lab reading readings notes quiz review break holiday
    teaching assistants calendar calendario programa programme program dipartimento departamento
    département departement istituto instituto institut facultad facoltà fakultät escuela scuola école
    laboratorio laboratoire bureau office room salle aula raum sala zoom online virtual remote hybrid
    various guest guests speaker speakers unknown 미정 미확정 待定 未定 暂定 調整中 调整中""".split()
)

HONORIFICS = re.compile(
    r"^(?:(?:dr|dra|prof|profa|prof\.ssa|profssa|professor|professeur|professeure|profesor|profesora|dott|dott\.ssa|"
    r"dottssa|ing|mag|dipl|"
    r"ven|mr|mrs|ms|mme|m(?!\.\s*\w\.)|herr|frau|sr|sra|pr)\.?\s+)+",
    re.IGNORECASE,
)
"""Titles before a name ("Prof. Dr. Jane Doe"): not part of it. "M." (Monsieur) before another
initial is the name's own ("M. J. Fernández")."""

TRAILING_TITLES = re.compile(r"\s*(?:副教授|教授|讲师|講師|老师|老師|博士|先生|准教授|교수님|교수|박사|강사|선생님)$")
"""Titles written after a name in Chinese, Japanese and Korean ("王建国 教授", "김민수 교수"): not part of it."""
POST_NOMINALS = re.compile(r",\s*(?:M\.?\s?Sc|B\.?\s?Sc|Ph\.?\s?D|M\.?\s?Eng|M\.?\s?A|MBA|Dipl\.-[\w.]+)\.?$")
"""Degrees written after a name ("Miriam Vogel, M.Sc.", "Jane Doe, Ph.D."): not part of it."""

TAUGHT_BY = re.compile(
    r"\b(?:(?:co-)?taught|(?:co-)?organi[sz]ed|"
    r"(?:course|class|seminar|workshop|module|lectures?)\s+(?:is\s+|are\s+|will\s+be\s+)?"
    r"(?:led|organi[sz]ed|given|run))\s+by\s+(?P<who>[^.;:]{3,200})|"
    r"\b(?:enseigné|animé|organisé|donné)e?s?\s+par\s+(?P<par>[^.;:]{3,200})|"
    r"\b(?:geleitet|gehalten|organisiert|unterrichtet)\s+von\s+(?P<von>[^.;:]{3,200})|"
    r"\b(?:impartido|dictado|organizado)a?s?\s+por\s+(?P<por>[^.;:]{3,200})|"
    r"\b(?:tenuto|organizzato)a?\s+da\s+(?P<da>[^.;:]{3,200})",
    re.IGNORECASE,
)
"""Prose naming the teachers: "The course is taught by A, B, and C"."""


COURSE_WORDS = re.compile(
    r"\b(?:course|class|seminar|seminars|lecture|lectures|syllabus|bootcamp|workshop|tutorial|colloquium|"
    r"cours|séminaire|séminaires|enseignement|module|"
    r"vorlesung|lehrveranstaltung|lva|übung|kolloquium|ringvorlesung|"
    r"curso|asignatura|materia|seminario|seminarios|cátedra|"
    r"corso|insegnamento|lezioni|"
    r"disciplina|seminário|"
    r"cursus|vak|werkcollege|"
    r"reading\s+group|journal\s+club|groupe\s+de\s+lecture|lesekreis|grupo\s+de\s+lectura|gruppo\s+di\s+lettura|"
    r"leesgroep)\b|课程|課程|授業|講義|강의|수업|과목|读书会|讨论班|輪講|ゼミ|セミナー|세미나",
    re.IGNORECASE,
)
COURSE_CODE = re.compile(r"\b([A-Z]{2,5}\s?-?\d{2,6}[A-Z]?|\d{1,2}\.[A-Z]?\d{2,4}|\d{2}-\d{3})\b")

COURSE_SELF_REFERENCE = re.compile(
    # the lookahead names the first letter of every alternative below (the same letters
    # under IGNORECASE): most positions fail on it at once, where each alternative's own
    # `\b` and first word were tried in turn, 0.6 ms of a 10 KB article's 2.5 ms
    r"(?=[tocnsdueqia本这课こ이본])(?:"
    r"\b(?:this|our)\s+(?:introductory\s+|graduate\s+|undergraduate\s+|online\s+)?"
    r"(?:course|seminar|seminar series|lecture series|workshop)\s+(?:is|will|aims|covers|introduces|"
    r"provides|focuses|offers|teaches|explores|presents|examines|surveys)\b|"
    r"\b(?:ce|notre)\s+(?:cours|séminaire|module|enseignement)\s+"
    r"(?:propose|vise|présente|porte|aborde|a pour|est|introduit|initie|traite|couvre|offre)\b|"
    r"\bcet\s+enseignement\b|\b(?:séances?|cours)\s+d[’']enseignement\b|"
    r"\b(?:diese[rsn]?|unsere[rn]?|die)\s+(?:kurs|vorlesung|lehrveranstaltung|seminar|übung|modul|veranstaltung)\s+"
    r"(?:ist|wird|bietet|vermittelt|behandelt|gibt|richtet|führt|befasst|beschäftigt|umfasst)\b|"
    r"\b(?:este|nuestro|el)\s+(?:curso|seminario|taller)\s+"
    r"(?:es|tiene|busca|ofrece|presenta|pretende|introduce|aborda|trata|reúne|cubre|estudia|visa|apresenta)\b|"
    r"\besta\s+(?:asignatura|materia|disciplina)\b|"
    r"\b(?:questo|il)\s+(?:corso|seminario|insegnamento)\s+"
    r"(?:è|ha|si|offre|intende|propone|presenta|introduce|tratta|fornisce|affronta|illustra)\b|"
    r"\b(?:esta|a)\s+disciplina\s+(?:tem|é|visa|apresenta|aborda|introduz|trata|oferece)\b|"
    r"\bdeze\s+(?:cursus|module|vak|collegereeks)\b|"
    r"本课程|这门课|课程文档|本講義|この授業|本授業|この講義|이\s*강의는|본\s*강의는|이\s*과목은)",
    re.IGNORECASE,
)
"""The course speaking of itself in its lead text: "This course aims…", "Ce cours propose…", "本课程…"."""

SELF_REFERENCE_NOUNS = frozenset(
    "course seminar lecture workshop cours séminaire module enseignement kurs vorlesung lehrveranstaltung "
    "übung modul veranstaltung curso seminario taller asignatura materia disciplina corso insegnamento "
    "cursus vak collegereeks".split()
)
"""The words every alphabetic phrase of `COURSE_SELF_REFERENCE` names the course by."""
SELF_REFERENCE_MARKS = ("本课程", "这门课", "课程文档", "本講義", "この授業", "本授業", "この講義", "강의는", "과목은")
"""What every Chinese, Japanese and Korean phrase of `COURSE_SELF_REFERENCE` holds."""
