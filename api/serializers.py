"""What the API shows of each thing: plain fields, read-only."""

from rest_framework import serializers

from closing.certificates import verification_url
from closing.models import Certificate
from innovations.models import ActionPlan
from participants.models import Cohort, Participant


class CohortSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.short_name")
    organisation = serializers.CharField(source="organisation.short_name")
    region = serializers.CharField(source="region.name", default=None)

    class Meta:
        model = Cohort
        fields = ["slug", "name", "training_title", "programme", "organisation", "region", "start_date", "end_date"]


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name")
    nip = serializers.CharField(source="user.nip", default=None)
    grade = serializers.CharField(source="grade_display")
    withdrawn = serializers.BooleanField(source="is_withdrawn")
    # Only what the person agreed to share (their account's choice, off unless they turn it on): null otherwise.
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = ["id", "roll_number", "name", "nip", "grade", "position", "work_unit", "withdrawn", "email", "phone"]

    def get_email(self, participant) -> str | None:
        return participant.user.email if participant.user.shares_contact else None

    def get_phone(self, participant) -> str | None:
        return (participant.user.phone or None) if participant.user.shares_contact else None


class WorkSerializer(serializers.ModelSerializer):
    participant = serializers.IntegerField(source="participant_id")
    state_label = serializers.CharField(source="get_state_display")
    cluster = serializers.CharField(source="cluster.name", default=None)

    class Meta:
        model = ActionPlan
        fields = ["id", "participant", "title", "state", "state_label", "cluster", "created_at", "updated_at"]


class SeminarResultSerializer(serializers.Serializer):
    stage = serializers.CharField()
    seminar = serializers.CharField()
    participant = serializers.IntegerField()
    work = serializers.IntegerField()
    final = serializers.DecimalField(max_digits=5, decimal_places=2)
    band = serializers.CharField()
    rank_overall = serializers.IntegerField()
    rank_in_cluster = serializers.IntegerField()


class FinalGradeSerializer(serializers.Serializer):
    participant = serializers.IntegerField()
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True))
    final = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    qualification = serializers.CharField(allow_blank=True)
    passed = serializers.BooleanField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)


class CertificateSerializer(serializers.ModelSerializer):
    participant = serializers.IntegerField(source="participant_id")
    state_label = serializers.CharField(source="get_state_display")
    qualification = serializers.CharField(source="content.qualification")
    lesson_hours = serializers.IntegerField(source="content.lesson_hours")
    replaced_by = serializers.CharField(source="replaced_by.number", default=None)
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "number",
            "participant",
            "state",
            "state_label",
            "issued_on",
            "qualification",
            "lesson_hours",
            "replaced_by",
            "verification_url",
        ]

    def get_verification_url(self, certificate) -> str:
        return verification_url(certificate)
