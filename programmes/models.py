from django.db import models
from django.utils.translation import gettext_lazy as _

from .spec import ProgrammeSpec, parse


class Programme(models.Model):
    """A training programme as organisers run it (LAN's Latsar CPNS, PKP, PKA and PKN; a regional innovation
    workshop): a template whose `spec` a cohort copies when it is created, and may adjust for itself
    (docs/programmes.md). A new programme is a new template: data, never a branch in code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Pelatihan Dasar Calon Pegawai Negeri Sipil."))
    short_name = models.CharField(_("short name"), max_length=80, help_text=_("E.g. Latsar CPNS."))
    description = models.TextField(_("description"), blank=True)
    # The programme's shape: its work, sections, stages, seminars, sign-offs, bands (programmes.spec).
    spec = models.JSONField(_("template"))
    # Shipped with Inovasi (programmes/builtin/*.json, loaded by `manage.py load_programmes`).
    built_in = models.BooleanField(_("built in"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["order", "short_name"]

    def __str__(self):
        return self.short_name

    def clean(self):
        parse(self.spec)  # a ValidationError naming each problem

    @property
    def parsed(self) -> ProgrammeSpec:
        return parse(self.spec)
