import datetime

from django.core.management import call_command
from django.db.models import F

from innovations.models import ActionPlan, Cluster
from participants.civil_service import clean_nip
from participants.models import Cohort, Examiner, Kecamatan, Mentor, Participant, User
from seminars.models import Seminar


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in [User, Kecamatan, Cohort, Mentor, Examiner, Participant, Cluster, ActionPlan, Seminar]
    }


def test_seed_demo_loads_the_medan_2017_cohort(db):
    call_command("seed_demo")

    assert table_counts() == {
        "User": 62,
        "Kecamatan": 21,
        "Cohort": 1,
        "Mentor": 21,
        "Examiner": 3,
        "Participant": 37,
        "Cluster": 7,
        "ActionPlan": 37,
        "Seminar": 1,
    }
    seminar = Seminar.objects.get()
    assert seminar.date == datetime.date(2017, 8, 21)
    assert seminar.date.strftime("%A") == "Monday"
    assert "Grand Kanaya" in seminar.venue


def test_seed_demo_spreads_participants_over_every_kecamatan_with_their_camat(db):
    call_command("seed_demo")

    assert Participant.objects.values("kecamatan").distinct().count() == 21
    mismatched = Participant.objects.exclude(mentor__kecamatan=F("kecamatan"))
    assert list(mismatched) == []


def test_seed_demo_gives_every_person_a_valid_nip(db):
    call_command("seed_demo")

    nips = list(User.objects.values_list("nip", flat=True))
    assert len(nips) == len(set(nips)) == 62
    for nip in nips:
        assert clean_nip(nip, today=datetime.date(2017, 8, 21)) == nip


def test_seed_demo_run_again_changes_nothing(db):
    call_command("seed_demo")
    before = table_counts()
    plan = ActionPlan.objects.first()
    plan.title = "Judul yang diubah peserta"
    plan.save()

    call_command("seed_demo")

    assert table_counts() == before
    plan.refresh_from_db()
    assert plan.title == "Judul yang diubah peserta"


def test_seed_demo_prints_one_sign_in_per_role(db, capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["staff", "participant", "mentor", "examiner"]
    assert "inovasi2017" in lines[0]
