"""The read API (docs/api.md): an organisation's cohorts, their participants, works, seminar results, final grades
and certificates, for the token's organisation only; another organisation's are not found."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.reverse import reverse

from closing.grades import final_grades
from closing.models import Certificate
from core import roles
from core.lifecycle import Publication
from innovations.models import ActionPlan
from participants.models import Cohort, Participant
from seminars.results import seminar_results

from . import serializers
from .authentication import HasToken, Throttled
from .rules import COHORT


class ApiView(generics.GenericAPIView):
    def throttled(self, request, wait):
        raise Throttled(wait=wait)

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(HasToken.message)  # says how to call, not only that it did not
        super().permission_denied(request, message, code)

    def cohorts(self):
        """The cohorts the token may read: its organisation's, asked of the registry."""
        return Cohort.objects.filter(roles.rows("api_client", self.request.user, COHORT))

    def cohort(self) -> Cohort:
        return get_object_or_404(self.cohorts().select_related("programme", "organisation"), slug=self.kwargs["slug"])


@extend_schema(exclude=True)
class Root(ApiView):
    def get(self, request):
        return Response(
            {
                "cohorts": reverse("api:cohorts", request=request),
                "schema": reverse("api:schema", request=request),
            }
        )


class CohortList(ApiView, generics.ListAPIView):
    """The cohorts of the token's organisation, newest first."""

    serializer_class = serializers.CohortSerializer

    def get_queryset(self):
        return self.cohorts().select_related("programme", "organisation", "region").order_by("-start_date", "pk")


class CohortDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = serializers.CohortSerializer

    def get_object(self):
        return get_object_or_404(
            self.cohorts().select_related("programme", "organisation", "region"), slug=self.kwargs["slug"]
        )


class ParticipantList(ApiView, generics.ListAPIView):
    """A cohort's participants; their e-mail address and phone number only where they agreed to share them."""

    serializer_class = serializers.ParticipantSerializer

    def get_queryset(self):
        cohort = self.cohort()
        return (
            Participant.objects.held_as("api_client", self.request.user)
            .filter(cohort=cohort)
            .select_related("user")
            .order_by("roll_number")
        )


class WorkList(ApiView, generics.ListAPIView):
    """A cohort's works (action plans, actualisation designs, change projects) and their states."""

    serializer_class = serializers.WorkSerializer

    def get_queryset(self):
        cohort = self.cohort()
        return (
            ActionPlan.objects.held_as("api_client", self.request.user)
            .filter(participant__cohort=cohort)
            .select_related("cluster")
            .defer(*ActionPlan.SECTIONS)
            .order_by("participant__roll_number", "pk")
        )


class SeminarResultList(ApiView, generics.ListAPIView):
    """The results of the cohort's seminars whose results staff have published."""

    serializer_class = serializers.SeminarResultSerializer

    def get_queryset(self):
        cohort = self.cohort()
        rows = []
        for seminar in cohort.seminars.filter(results_state=Publication.PUBLISHED).order_by("date"):
            rows += [
                {
                    "stage": seminar.stage,
                    "seminar": seminar.title,
                    "participant": row.plan.participant_id,
                    "work": row.plan.pk,
                    "final": row.final,
                    "band": row.band,
                    "rank_overall": row.rank_overall,
                    "rank_in_cluster": row.rank_in_cluster,
                }
                for row in seminar_results(seminar)
                if row.final is not None
            ]
        return rows


class FinalGradeList(ApiView, generics.ListAPIView):
    """Each participant's components, final grade, qualification, pass and rank."""

    serializer_class = serializers.FinalGradeSerializer

    def get_queryset(self):
        return [
            {
                "participant": row.participant.pk,
                "scores": row.scores,
                "final": row.final,
                "qualification": row.band,
                "passed": row.passed,
                "rank": row.rank,
            }
            for row in final_grades(self.cohort())
        ]


class CertificateList(ApiView, generics.ListAPIView):
    """A cohort's certificates in every state: valid, replaced (by which number) or revoked."""

    serializer_class = serializers.CertificateSerializer

    def get_queryset(self):
        cohort = self.cohort()
        return (
            Certificate.objects.held_as("api_client", self.request.user)
            .filter(participant__cohort=cohort)
            .select_related("replaced_by")
            .order_by("participant__roll_number", "issued_at", "pk")
        )
