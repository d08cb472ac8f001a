"""The reporting template as data: versions, sections, questions and their text per language."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.reporting.choices import QuestionKind
from salw.states.models import language_key


class TemplateVersion(models.Model):
    """One version of the UNODA questionnaire, loaded from a YAML file and never changed after.

    Its rows (sections, questions, texts) are written once by `load_template`; a corrected
    template is loaded as a new version, so reports keep the questions they were answered on.
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("first cycle year"))
    reconstruction = models.BooleanField(
        _("reconstruction"),
        default=False,
        help_text=_("Rebuilt from public sources; the secretariat can replace it."),
    )
    source_sha256 = models.CharField(_("SHA-256 of the source file"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["year", "code"]

    def __str__(self) -> str:
        return self.code

    def texts_in(self, language: str | None = None) -> dict[str, str]:
        """Every text of this version in `language`, English where a text is missing."""
        key = language_key(language)
        texts: dict[str, str] = {}
        rows = self.texts.filter(language__in=["en", key]).values_list("key", "language", "text")
        for text_key, lang, text in sorted(rows, key=lambda row: row[1] != "en"):
            if lang == key or text_key not in texts:
                texts[text_key] = text
        return texts

    @property
    def title(self) -> str:
        return self.texts_in().get("title", self.code)


class Section(models.Model):
    """A numbered section of a template version."""

    template = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="sections")
    key = models.SlugField(_("key"), max_length=40)
    number = models.CharField(_("number"), max_length=8)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="section_key_per_template"),
        ]

    def __str__(self) -> str:
        return f"{self.template.code} {self.number}"


class Question(models.Model):
    """A question of one template version: stable id, number, source reference, kind, rules."""

    template = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="questions")
    qid = models.SlugField(_("stable id"), max_length=60)
    number = models.CharField(_("number"), max_length=16)
    source_ref = models.CharField(_("source reference"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(_("options"), default=list, blank=True)
    columns = models.JSONField(_("table columns"), default=list, blank=True)
    # {"question": qid, "in": [values]}: shown only when that answer is one of the values.
    show_if = models.JSONField(_("shown only if"), null=True, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # Ids of questions of earlier versions whose answers this one takes over (copy-forward).
    maps_from = models.JSONField(_("takes over answers of"), default=list, blank=True)
    inferred = models.BooleanField(_("inferred question"), default=False)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "qid"], name="question_id_per_template"),
            models.UniqueConstraint(
                fields=["template", "number"], name="question_number_per_template"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.code} {self.number} ({self.qid})"

    def label(self, texts: dict[str, str]) -> str:
        return texts.get(f"q:{self.qid}", self.qid)

    def option_label(self, texts: dict[str, str], option: Any) -> str:
        return texts.get(f"opt:{self.qid}:{option}", str(option))


class TemplateText(models.Model):
    """One text of a template version in one language (rows per language, not six columns)."""

    template = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="texts")
    # "title", "section:<key>", "q:<qid>", "help:<qid>", "opt:<qid>:<option>", "col:<qid>:<col>"
    key = models.CharField(_("key"), max_length=160)
    language = models.CharField(_("language"), max_length=7)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("template text")
        verbose_name_plural = _("template texts")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "key", "language"], name="template_text_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} [{self.language}]"
