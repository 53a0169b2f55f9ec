import django.db.models.deletion
import participants.civil_service
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Organisations, Kemendagri regions and the new fields beside the old ones; 0005 moves the data, 0006 drops
    what it replaces."""

    dependencies = [
        ('participants', '0004_add_notification_texts_and_calendar'),
    ]

    operations = [
        migrations.CreateModel(
            name='Region',
            fields=[
                ('code', models.CharField(max_length=13, primary_key=True, serialize=False, verbose_name='Kemendagri code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('level', models.PositiveSmallIntegerField(choices=[(1, 'province'), (2, 'kabupaten/kota'), (3, 'kecamatan'), (4, 'kelurahan/desa')], verbose_name='level')),
                ('kind', models.CharField(max_length=12, verbose_name='kind')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='participants.region', verbose_name='within')),
            ],
            options={
                'verbose_name': 'region',
                'verbose_name_plural': 'regions',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='As on the letterhead, e.g. Badan Kepegawaian dan Pengembangan Sumber Daya Manusia.', max_length=200, verbose_name='name')),
                ('short_name', models.CharField(help_text='E.g. BKPSDM Kabupaten Deli Serdang; shown in the menu.', max_length=80, verbose_name='short name')),
                ('government', models.CharField(blank=True, help_text="The letterhead's first line, e.g. Pemerintah Kabupaten Deli Serdang or Lembaga Administrasi Negara.", max_length=200, verbose_name='government')),
                ('place', models.CharField(help_text='Where its documents are dated, e.g. Lubuk Pakam or Pematangsiantar.', max_length=100, verbose_name='place')),
                ('address', models.CharField(blank=True, max_length=250, verbose_name='address')),
                ('phone', models.CharField(blank=True, max_length=60, verbose_name='telephone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail address')),
                ('website', models.CharField(blank=True, max_length=200, verbose_name='website')),
                ('logo', models.ImageField(blank=True, upload_to='organisations/', verbose_name='logo')),
                ('head_name', models.CharField(blank=True, max_length=200, verbose_name="head's name")),
                ('head_nip', models.CharField(blank=True, max_length=18, validators=[participants.civil_service.validate_nip], verbose_name="head's NIP")),
                ('head_grade', models.CharField(blank=True, choices=[('I/a', 'Juru Muda (I/a)'), ('I/b', 'Juru Muda Tk. I (I/b)'), ('I/c', 'Juru (I/c)'), ('I/d', 'Juru Tk. I (I/d)'), ('II/a', 'Pengatur Muda (II/a)'), ('II/b', 'Pengatur Muda Tk. I (II/b)'), ('II/c', 'Pengatur (II/c)'), ('II/d', 'Pengatur Tk. I (II/d)'), ('III/a', 'Penata Muda (III/a)'), ('III/b', 'Penata Muda Tk. I (III/b)'), ('III/c', 'Penata (III/c)'), ('III/d', 'Penata Tk. I (III/d)'), ('IV/a', 'Pembina (IV/a)'), ('IV/b', 'Pembina Tk. I (IV/b)'), ('IV/c', 'Pembina Utama Muda (IV/c)'), ('IV/d', 'Pembina Utama Madya (IV/d)'), ('IV/e', 'Pembina Utama (IV/e)')], max_length=5, validators=[participants.civil_service.validate_grade], verbose_name="head's pangkat/golongan")),
                ('head_position', models.CharField(blank=True, help_text='As it is written above the signature, e.g. Kepala Badan Kepegawaian Daerah Kabupaten Karo.', max_length=250, verbose_name="head's position (jabatan)")),
                ('number_pattern', models.CharField(default='{seq}/{year}', help_text='How its documents are numbered: {seq} is the next number of the year, {year} the year and {month} the month in Roman numerals, e.g. 800/{seq}/BKPSDM/{year}.', max_length=100, verbose_name='document numbering')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('staff_members', models.ManyToManyField(blank=True, related_name='organisations', to=settings.AUTH_USER_MODEL, verbose_name='staff')),
            ],
            options={
                'verbose_name': 'organisation',
                'verbose_name_plural': 'organisations',
                'ordering': ['short_name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='organisation',
            name='region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participants.region', verbose_name='region'),
        ),
        migrations.CreateModel(
            name='DocumentCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('last', models.PositiveIntegerField(default=0)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='participants.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'year'), name='one_counter_per_year')],
            },
        ),
        migrations.AddField(
            model_name='cohort',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cohorts', to='participants.organisation', verbose_name='organiser'),
        ),
        migrations.AddField(
            model_name='cohort',
            name='region',
            field=models.ForeignKey(blank=True, help_text='The kabupaten/kota its participants serve in, or the province of a provincial cohort.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participants.region', verbose_name='region'),
        ),
        migrations.AddField(
            model_name='cohort',
            name='mentor_rule',
            field=models.CharField(choices=[('camat', "The Camat of the participant's kecamatan"), ('superior', 'The direct superior named in the roster (atasan langsung)')], default='camat', max_length=10, verbose_name='mentors'),
        ),
        migrations.AddField(
            model_name='examiner',
            name='grade',
            field=models.CharField(blank=True, choices=[('I/a', 'Juru Muda (I/a)'), ('I/b', 'Juru Muda Tk. I (I/b)'), ('I/c', 'Juru (I/c)'), ('I/d', 'Juru Tk. I (I/d)'), ('II/a', 'Pengatur Muda (II/a)'), ('II/b', 'Pengatur Muda Tk. I (II/b)'), ('II/c', 'Pengatur (II/c)'), ('II/d', 'Pengatur Tk. I (II/d)'), ('III/a', 'Penata Muda (III/a)'), ('III/b', 'Penata Muda Tk. I (III/b)'), ('III/c', 'Penata (III/c)'), ('III/d', 'Penata Tk. I (III/d)'), ('IV/a', 'Pembina (IV/a)'), ('IV/b', 'Pembina Tk. I (IV/b)'), ('IV/c', 'Pembina Utama Muda (IV/c)'), ('IV/d', 'Pembina Utama Madya (IV/d)'), ('IV/e', 'Pembina Utama (IV/e)')], max_length=5, validators=[participants.civil_service.validate_grade], verbose_name='pangkat/golongan'),
        ),
        migrations.AddField(
            model_name='mentor',
            name='grade',
            field=models.CharField(blank=True, choices=[('I/a', 'Juru Muda (I/a)'), ('I/b', 'Juru Muda Tk. I (I/b)'), ('I/c', 'Juru (I/c)'), ('I/d', 'Juru Tk. I (I/d)'), ('II/a', 'Pengatur Muda (II/a)'), ('II/b', 'Pengatur Muda Tk. I (II/b)'), ('II/c', 'Pengatur (II/c)'), ('II/d', 'Pengatur Tk. I (II/d)'), ('III/a', 'Penata Muda (III/a)'), ('III/b', 'Penata Muda Tk. I (III/b)'), ('III/c', 'Penata (III/c)'), ('III/d', 'Penata Tk. I (III/d)'), ('IV/a', 'Pembina (IV/a)'), ('IV/b', 'Pembina Tk. I (IV/b)'), ('IV/c', 'Pembina Utama Muda (IV/c)'), ('IV/d', 'Pembina Utama Madya (IV/d)'), ('IV/e', 'Pembina Utama (IV/e)')], max_length=5, validators=[participants.civil_service.validate_grade], verbose_name='pangkat/golongan'),
        ),
        migrations.AddField(
            model_name='participant',
            name='superior',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='participants.mentor', verbose_name='direct superior'),
        ),
        migrations.AddField(
            model_name='participant',
            name='kelurahan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participants.region', verbose_name='kelurahan/desa'),
        ),
        # Where participants' and mentors' kecamatan go while 0005 moves them; 0006 renames them to `kecamatan`.
        migrations.AddField(
            model_name='mentor',
            name='kecamatan_region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participants.region', verbose_name='kecamatan'),
        ),
        migrations.AddField(
            model_name='participant',
            name='kecamatan_region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participants.region', verbose_name='kecamatan'),
        ),
    ]
