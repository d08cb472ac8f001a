"""PDF documents: WeasyPrint (the product's engine) against the fpdf2 layout it replaced.

    .venv/bin/python bench/pdf.py [--events 1000] [--runs 2]

Builds a temporary SQLite database with the demo personas and the shipped templates, then:
a national report answering all 14 sections of the v3 template (long answers as focal points
write them) in English and in Arabic, and a weapon with `--events` life events (1,000 fill about
50 pages with WeasyPrint; fpdf2's layout takes about twice as many pages for the same history).
Each document is printed by each engine in a fresh process, so that the figures of one do not
carry into the other: the first render (cold: fonts and layout code loaded) and the best of the
following `--runs - 1`, in wall-clock and in CPU seconds (CPU time is what to compare on a
shared, loaded machine), the peak of Python allocations (tracemalloc) and the growth of the
process's resident memory high-water mark (which also counts Pango/HarfBuzz's C allocations).
The baseline is the fpdf2 code as it was before the engine changed, kept in `bench/fpdf_baseline/`.
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARABIC = (
    "تحتفظ اللجنة الوطنية بسجلات جميع الأسلحة الموسومة منذ عام 2026، ويبين وسم الاستيراد "
    "بلد الاستيراد وسنته؛ تُجاب طلبات التعقب عن طريق الإنتربول في غضون 30 يوماً. "
)
ENGLISH = (
    "The national commission has kept records of all marked small arms since 2026; the import "
    "mark shows the country and year of import; tracing requests are answered through INTERPOL "
    "within 30 days. "
)


def _setup_django(database: Path) -> None:
    os.environ["SALW_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("SALW_HTTPS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings")
    import django

    django.setup()


def build(database: Path, events: int) -> dict[str, int]:
    """Fresh database: personas, templates, two full reports and one long weapon history."""
    _setup_django(database)
    from django.core.management import call_command
    from django.test import override_settings

    from salw.accounts.demo import seed_demo
    from salw.accounts.models import User
    from salw.core.context import Actor, acting_as
    from salw.registry.models import WeaponEvent
    from salw.registry.testing import pistol
    from salw.reporting import services
    from salw.reporting.models import ReportingCycle
    from salw.states.models import State
    from salw.states.services import load_states

    call_command("migrate", verbosity=0)
    with override_settings(DEMO=True), acting_as(Actor(user_id=None, label="bench")):
        load_states()
        seed_demo()
        for path in sorted((Path(services.__file__).parents[1] / "templates_data").glob("*.yaml")):
            services.load_template(path.read_bytes())
    cycle = ReportingCycle.objects.get(meeting__code="bms10")
    ids: dict[str, int] = {}
    # One open report per State and cycle: Kenya writes in English, Peru in Arabic.
    for language, sentence, username in (
        ("en", ENGLISH, "kenya.focal"),
        ("ar", ARABIC, "peru.focal"),
    ):
        focal = User.objects.get(username=username)
        report, _carried = services.start_report(
            State.objects.get(pk=focal.state_id), cycle, actor=focal, language=language
        )
        answers = {q.qid: _answer(q, sentence) for q in report.template.questions.all()}
        answers = {qid: value for qid, value in answers.items() if value is not None}
        report = services.save_answers(report, answers, base_revision=report.revision, actor=focal)
        ids[f"report-{language}"] = report.pk
    records = User.objects.get(username="kenya.records")
    weapon = pistol(serial="KE-2026/0005-B")
    kinds = ["issued", "returned", "transferred", "marked"]
    start = datetime.date(2000, 1, 1)
    WeaponEvent.objects.bulk_create(
        WeaponEvent(
            state_id=weapon.state_id,
            weapon=weapon,
            kind=kinds[n % len(kinds)],
            date=start + datetime.timedelta(days=4 * n),
            place=f"Armoury {n % 7} — Nairobi Central",
            organisation="Kenya Police Service",
            custodian=f"Officer {n:04d}",
            licence=f"LIC-{n:05d}/B",
            note="Routine movement recorded during the quarterly count.",
            recorded_by=records,
        )
        for n in range(events)
    )
    ids["weapon"] = weapon.pk
    return ids


def _answer(question: object, sentence: str) -> object:
    kind = question.kind  # type: ignore[attr-defined]
    options = question.options or []  # type: ignore[attr-defined]
    if kind in ("yes_no", "yes_no_developing"):
        return "yes"
    if kind == "single_choice" and options:
        return options[0]
    if kind == "multiple_choice" and options:
        return options[:3]
    if kind == "integer":
        return 12
    if kind == "decimal":
        return "12.5"
    if kind == "date":
        return "2026-01-15"
    if kind == "short_text":
        return sentence[:90]
    if kind == "long_text":
        return sentence * 6
    if kind == "contact":
        return {"name": "W. Kamau", "organisation": "Kenya National Focal Point on SALW"}
    return None


def measure(database: Path, engine: str, document: str, object_id: int, runs: int) -> dict:
    """One engine, one document, in this (fresh) process."""
    _setup_django(database)
    sys.path.insert(0, str(HERE))
    from django.test import RequestFactory
    from django.utils import translation

    from salw.accounts.models import User
    from salw.registry.models import Weapon
    from salw.reporting.models import Report

    language = "ar" if document.endswith("-ar") else "en"
    if document.startswith("report"):
        report = Report.objects.get(pk=object_id)
        if engine == "weasyprint":
            from salw.reporting.pdf import report_pdf

            def render() -> bytes:
                return report_pdf(report, language, public=False)
        else:
            from fpdf_baseline.report import report_pdf as baseline_report

            def render() -> bytes:
                return baseline_report(report, language)
    else:
        user = User.objects.get(username="kenya.records")
        weapon = Weapon.objects.get(pk=object_id)
        if engine == "weasyprint":
            from salw.core.pdf import render_pdf
            from salw.registry.views import weapon_page_context

            request = RequestFactory(HTTP_HOST="localhost").get(
                f"/registry/weapons/{weapon.pk}/record.pdf"
            )
            request.user = user
            request.LANGUAGE_CODE = language

            def render() -> bytes:
                with translation.override(language):
                    context = weapon_page_context(request, weapon)
                return render_pdf(
                    "registry/weapon_detail.html", context, language=language, request=request
                )
        else:
            from fpdf_baseline.weapon import weapon_pdf as baseline_weapon

            def render() -> bytes:
                with translation.override(language):
                    return baseline_weapon(weapon, user)

    # Cold: the first document of the process (fonts and layout code loaded), untraced.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    data = render()
    cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    warm, warm_cpu = [], []
    for _ in range(runs - 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        render()
        warm.append(time.perf_counter() - started)
        warm_cpu.append(time.process_time() - cpu_started)
    # Python's own allocations, traced in a last run (tracing slows it: not timed).
    tracemalloc.start()
    render()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    return {
        "cold_s": round(cold, 2),
        "warm_s": round(min(warm), 2) if warm else None,
        "cold_cpu_s": round(cold_cpu, 2),
        "warm_cpu_s": round(min(warm_cpu), 2) if warm_cpu else None,
        "python_peak_mb": round(peak / 2**20, 1),
        "rss_growth_mb": round(rss_growth / 1024, 1),
        "pages": pages,
        "kb": len(data) // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        action, database, *rest = args.child
        if action == "build":
            print(json.dumps(build(Path(database), args.events)))
        else:
            engine, document, object_id = rest
            result = measure(Path(database), engine, document, int(object_id), args.runs)
            print(json.dumps(result))
        return
    env = {**os.environ, "PYTHONPATH": f"{HERE.parent / 'src'}:{os.environ.get('PYTHONPATH', '')}"}

    def child(*arguments: str) -> dict:
        output = subprocess.run(  # noqa: S603 (this script, fixed arguments)
            [sys.executable, __file__, "--events", str(args.events), "--runs", str(args.runs)]
            + ["--child", *arguments],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])

    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "bench.sqlite3")
        started = time.perf_counter()
        ids = child("build", database)
        print(f"built in {time.perf_counter() - started:.0f} s: {ids}")
        header = f"{'document':<32} {'engine':<11} {'pages':>5} {'KB':>6} {'cold s':>7} "
        header += f"{'warm s':>7} {'cold CPU s':>10} {'warm CPU s':>10} {'py peak MB':>10} "
        header += f"{'RSS +MB':>8}"
        print(header)
        documents = [
            ("report-en", "report, 14 sections, English"),
            ("report-ar", "report, 14 sections, Arabic"),
            ("weapon", f"weapon, {args.events} events"),
        ]
        for key, label in documents:
            for engine in ("weasyprint", "fpdf2"):
                document = key if key != "weapon" else "weapon-en"
                figures = child("measure", database, engine, document, str(ids[key]))
                print(
                    f"{label:<32} {engine:<11} {figures['pages']:>5} {figures['kb']:>6} "
                    f"{figures['cold_s']:>7} {figures['warm_s'] or '':>7} "
                    f"{figures['cold_cpu_s']:>10} {figures['warm_cpu_s'] or '':>10} "
                    f"{figures['python_peak_mb']:>10} {figures['rss_growth_mb']:>8}"
                )


if __name__ == "__main__":
    main()
