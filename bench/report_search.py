"""Public report search at scale: 10,000 synthetic published reports in the six languages.

    .venv/bin/python bench/report_search.py [--reports 10000] [--db sqlite|postgres|both]

Builds a fresh database (a temporary SQLite file; on PostgreSQL a temporary database on the
server named by SALW_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres),
fills it with synthetic reports (bulk-written: the benchmark measures search, not drafting),
indexes them with `search.rebuild_index`, then times searches as the public page runs them:
the count and the first page of 20 reports, then the same with highlighted excerpts. The
baseline, measured in the same run, is a plain LIKE scan over the answers' text.
Goal: p95 <= 50 ms for the indexed search.

It also measures recall on inflected forms, per language: each query is a form of a word that
the reports hold only in other forms ("record" for "records", "оружие" for "оружия"); the
reports that should be found are those holding any form of the word (known from the generated
text). Printed beside it, in the same run: the same words looked up as written (quoted, which is
the index rule before stemming) and the LIKE scan.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

WORDS = {
    "en": "The national commission keeps records of all marked small arms; import marking shows "
    "the country and year of import; tracing requests are answered through INTERPOL; stockpile "
    "security and destruction of surplus weapons; craft production is a criminal offence",
    "fr": "La commission nationale tient des registres de toutes les armes marquées ; le marquage "
    "à l'importation indique le pays et l'année ; les demandes de traçage passent par INTERPOL ; "
    "sécurité des stocks et destruction des armes excédentaires",
    "es": "La comisión nacional lleva registros de todas las armas marcadas; el marcaje de "
    "importación indica el país y el año; las solicitudes de localización pasan por INTERPOL; "
    "seguridad de las existencias y destrucción de excedentes",
    "ru": "Национальная комиссия ведет учет всего маркированного оружия; импортная маркировка "
    "указывает страну и год ввоза; запросы об отслеживании направляются через Интерпол; "
    "безопасность запасов и уничтожение излишков",
    "zh-hans": "国家委员会保存所有已标识小武器的记录；进口标识显示进口国和进口年份；"
    "追查请求通过国际刑警组织答复；库存安全和销毁剩余武器；手工制造属于刑事犯罪",
    "ar": "تحتفظ اللجنة الوطنية بسجلات جميع الأسلحة الموسومة؛ يبين وسم الاستيراد بلد الاستيراد "
    "وسنته؛ تُجاب طلبات التعقب عن طريق الإنتربول؛ أمن المخزونات وتدمير الأسلحة الفائضة",
}
QUERIES = [
    "marking", "import marking", "INTERPOL", "marquage", "traçage", "marcaje", "localización",
    "маркировка", "Интерпол", "标识", "进口标识", "追查请求", "الوسم", "التعقب", "destruction",
    "stockpile security", "zzzunknown",
]  # fmt: skip
# Inflected forms and the forms of the same word the generated reports hold (Chinese has none).
INFLECTED = {
    "en": {"record": ["records"], "request": ["requests"], "weapon": ["weapons"],
           "mark": ["marked", "marking"], "answer": ["answered"]},
    "fr": {"registre": ["registres"], "arme": ["armes"], "marqué": ["marquées"],
           "demande": ["demandes"], "excédentaire": ["excédentaires"]},
    "es": {"registro": ["registros"], "solicitud": ["solicitudes"], "arma": ["armas"],
           "marcada": ["marcadas"], "existencia": ["existencias"], "excedente": ["excedentes"]},
    "ru": {"оружие": ["оружия"], "страна": ["страну"], "запрос": ["запросы"],
           "запасы": ["запасов"], "излишки": ["излишков"], "маркировки": ["маркировка"]},
    "ar": {"أسلحتها": ["الأسلحة"], "مخزون": ["المخزونات"], "فائض": ["الفائضة"],
           "موسوم": ["الموسومة"], "طلب": ["طلبات"], "سجل": ["بسجلات"]},
}  # fmt: skip
SYNTAX_QUERIES = [
    "marcaje OR marquage",
    '"import marking"',
    "marking -INTERPOL",
    "weapons OR оружия -surplus",
]
TEXT_QUESTIONS = ["marking_practices", "implementation_challenges", "interpol_cooperation"]


def run_child(db: str, reports: int) -> None:
    """Runs in a fresh process with SALW_DATABASE_URL set: build, index, time."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models.expressions import RawSQL

    from salw.core.context import Actor, acting_as
    from salw.reporting import search, services
    from salw.reporting.filters import PublishedReportFilter
    from salw.reporting.models import Answer, Question, Report, ReportingCycle
    from salw.reporting.views.public import published_reports
    from salw.states.models import State
    from salw.states.services import load_states

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with acting_as(Actor(user_id=None, label="bench")):
        load_states()
        for path in sorted((Path(services.__file__).parents[1] / "templates_data").glob("*.yaml")):
            services.load_template(path.read_bytes())
    rng = random.Random(42)
    states = list(State.objects.all())
    cycles = list(ReportingCycle.objects.filter(template__code="v3"))
    questions = {
        q.qid: q for q in Question.objects.filter(template__code="v3", qid__in=TEXT_QUESTIONS)
    }
    languages = list(WORDS)
    rows = []
    combos = [(s, c, v) for v in range(1, 20) for c in cycles for s in states]
    for state, cycle, version in combos[:reports]:
        rows.append(
            Report(
                state=state, cycle=cycle, template=cycle.template, version=version,
                status="submitted", visibility="published", language=rng.choice(languages),
            )
        )  # fmt: skip
    Report.objects.bulk_create(rows, batch_size=1000)
    answers = []
    for report in Report.objects.all().only("pk", "language"):
        pool = [w for w in WORDS[report.language].replace("；", ";").split(";") if w.strip()]
        for qid in TEXT_QUESTIONS:
            text = " ".join(rng.sample(pool, k=min(2, len(pool))))
            answers.append(
                Answer(
                    report_id=report.pk,
                    question=questions[qid],
                    value=f"{text} ref-{rng.randrange(10**6)}",
                )
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    words_of: dict[int, set[str]] = {}  # each report's words as written, for recall's truth
    for answer in answers:
        found = {search.exact_token(piece) for _s, _e, piece in search.words(answer.value)}
        words_of.setdefault(answer.report_id, set()).update(found)
    indexed = search.rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {search.TABLE}")  # noqa: S608
        (token_rows,) = cursor.fetchone()
    if connection.vendor == "postgresql":
        # What autovacuum does on a live server: statistics, and the visibility map that lets
        # the search read the token index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    build = time.perf_counter() - started
    print(f"[{db}] {indexed} published reports, {token_rows} index rows, built in {build:.1f} s")

    def indexed_search(query: str, with_excerpts: bool) -> int:
        qs = PublishedReportFilter({"q": query}, queryset=published_reports()).qs
        count = qs.count()
        page = list(qs.order_by("-cycle__due_on", "state__iso3")[:20])
        if with_excerpts:
            search.excerpts([report.pk for report in page], query)
        return count

    def like_scan(query: str) -> int:
        # The naive way: LIKE over every answer's stored JSON text, no index can help. (SQLite
        # stores JSON with \\u escapes, so non-ASCII terms are escaped the same way.)
        needle = query.lower()
        if connection.vendor == "sqlite":
            needle = json.dumps(needle)[1:-1]
        sql = "SELECT report_id FROM reporting_answer WHERE LOWER(CAST(value AS TEXT)) LIKE %s"
        qs = published_reports().filter(pk__in=RawSQL(sql, [f"%{needle}%"]))  # noqa: S611
        count = qs.count()
        list(qs.order_by("-cycle__due_on", "state__iso3")[:20])
        return count

    def measure(label: str, fn, repeats: int = 15, queries=QUERIES) -> None:  # type: ignore[no-untyped-def]
        timings, hits = [], {}
        for query in queries:
            hits[query] = fn(query)  # warm-up, and the hit count
            for _ in range(repeats):
                t0 = time.perf_counter()
                fn(query)
                timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"[{db}] {label:<34} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {timings[-1]:7.2f} ms"
        )
        return hits

    hits = measure("indexed search (count + page)", lambda q: indexed_search(q, False))
    measure("indexed search + excerpts", lambda q: indexed_search(q, True))
    measure("baseline: LIKE scan of answers", like_scan)
    print(f"[{db}] hits: " + ", ".join(f"{q}={n}" for q, n in hits.items()))
    syntax = measure(
        "indexed search, OR/quotes/minus",
        lambda q: indexed_search(q, False),
        queries=SYNTAX_QUERIES,
    )
    print(f"[{db}] hits: " + ", ".join(f"{q}={n}" for q, n in syntax.items()))

    def ids(query: str) -> set[int]:
        qs = PublishedReportFilter({"q": query}, queryset=published_reports()).qs
        return set(qs.values_list("pk", flat=True))

    def like_ids(query: str) -> set[int]:
        needle = query.lower()
        if connection.vendor == "sqlite":
            needle = json.dumps(needle)[1:-1]
        sql = "SELECT report_id FROM reporting_answer WHERE LOWER(CAST(value AS TEXT)) LIKE %s"
        qs = published_reports().filter(pk__in=RawSQL(sql, [f"%{needle}%"]))  # noqa: S611
        return set(qs.values_list("pk", flat=True))

    print(f"[{db}] recall on inflected forms (found / should be found), per language:")
    for language, families in INFLECTED.items():
        totals = {"stemmed search": [0, 0], "as written (old rule)": [0, 0], "LIKE scan": [0, 0]}
        for query, forms in families.items():
            held = {search.exact_token(form) for form in forms}
            truth = {rid for rid, found in words_of.items() if found & held}
            assert not {search.exact_token(query)} & held, "the query is another form"
            for name, finder in (
                ("stemmed search", ids),
                ("as written (old rule)", lambda q: ids(f'"{q}"')),
                ("LIKE scan", like_ids),
            ):
                totals[name][0] += len(finder(query) & truth)
                totals[name][1] += len(truth)
        line = "   ".join(
            f"{name} {100 * hit / max(1, should):5.1f}%" for name, (hit, should) in totals.items()
        )
        should = totals["LIKE scan"][1]
        print(f"[{db}]   {language:<3} {len(families)} words, {should} reports: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.reports)
        return
    env = {**os.environ, "SALW_DEMO": "0", "SALW_HTTPS": "0"}
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--child", "sqlite", "--reports", str(args.reports)],
                env={**env, "SALW_DATABASE_URL": url}, check=True,
            )  # fmt: skip
    if args.db in ("postgres", "both"):
        import psycopg

        server = os.environ.get(
            "SALW_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        )
        name = f"salw_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        try:
            url = server.rsplit("/", 1)[0] + f"/{name}"
            subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--child", "postgres", "--reports", str(args.reports)],
                env={**env, "SALW_DATABASE_URL": url}, check=True,
            )  # fmt: skip
        finally:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
