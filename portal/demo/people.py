"""The people of the Medan 2017 demo cohort. Names and units are illustrative, not the real roster."""

# (kecamatan, Camat's name, sex digit)
CAMAT = [
    ("Medan Tuntungan", "Drs. Hendra Sembiring, M.Si", 1),
    ("Medan Selayang", "Ahmad Rizal Lubis, S.STP, M.AP", 1),
    ("Medan Johor", "Zulfikar Nasution, S.Sos, M.Si", 1),
    ("Medan Amplas", "Dra. Rosmawati Harahap, M.AP", 2),
    ("Medan Denai", "Bambang Hermanto, S.Sos", 1),
    ("Medan Tembung", "Irwan Siregar, S.STP, M.Si", 1),
    ("Medan Kota", "Rudi Hartono Pane, SH, M.Hum", 1),
    ("Medan Area", "Faisal Rahman Daulay, S.Sos, M.Si", 1),
    ("Medan Baru", "Chairul Anwar Batubara, S.STP", 1),
    ("Medan Polonia", "Dra. Nurhayati Simanjuntak, M.Si", 2),
    ("Medan Maimun", "Muhammad Yusuf Hasibuan, S.Sos", 1),
    ("Medan Sunggal", "Ridwan Tarigan, SH, M.AP", 1),
    ("Medan Helvetia", "Andi Syahputra Ritonga, S.STP, M.Si", 1),
    ("Medan Barat", "Dra. Sri Wahyuni Lubis, M.AP", 2),
    ("Medan Petisah", "Edy Suranta Ginting, S.Sos, M.Si", 1),
    ("Medan Timur", "Taufik Hidayat Siregar, S.STP", 1),
    ("Medan Perjuangan", "Drs. Syahrial Matondang, M.Si", 1),
    ("Medan Deli", "Hasanuddin Pulungan, S.Sos, M.AP", 1),
    ("Medan Labuhan", "Arifin Manurung, SH", 1),
    ("Medan Marelan", "Dedi Kurniawan Sitepu, S.STP, M.Si", 1),
    ("Medan Belawan", "Ikhsan Pohan, S.Sos, M.Si", 1),
]

# (full name, sex digit, golongan, jabatan, unit kerja, kecamatan, e-mail local part)
PARTICIPANTS = [
    ("Rina Marlina Sembiring, SE", 2, "III/b", "Kepala Seksi Pelayanan Umum", "Kantor Camat Medan Tuntungan", "Medan Tuntungan", "rina.sembiring"),
    ("Bonar Simatupang, S.Sos", 1, "III/c", "Lurah", "Kelurahan Simpang Selayang", "Medan Tuntungan", "bonar.simatupang"),
    ("Nurul Aini Lubis, S.Kom", 2, "III/a", "Sekretaris Lurah", "Kelurahan Tanjung Sari", "Medan Selayang", "nurul.lubis"),
    ("Hendrik Ginting, SE", 1, "III/b", "Kepala Seksi Pemerintahan", "Kantor Camat Medan Selayang", "Medan Selayang", "hendrik.ginting"),
    ("Siti Aisyah Nasution, S.Sos", 2, "III/c", "Lurah", "Kelurahan Gedung Johor", "Medan Johor", "siti.nasution"),
    ("Reza Pahlevi Harahap, S.STP", 1, "III/a", "Kepala Seksi Ketenteraman dan Ketertiban", "Kantor Camat Medan Johor", "Medan Johor", "reza.harahap"),
    ("Yuliana Sitorus, SH", 2, "III/b", "Sekretaris Lurah", "Kelurahan Harjosari I", "Medan Amplas", "yuliana.sitorus"),
    ("Dedy Irawan, S.Sos", 1, "III/d", "Sekretaris Camat", "Kantor Camat Medan Amplas", "Medan Amplas", "dedy.irawan"),
    ("Fitri Handayani, SE", 2, "III/a", "Kepala Seksi Pelayanan Umum", "Kantor Camat Medan Denai", "Medan Denai", "fitri.handayani"),
    ("Agus Salim Daulay, S.Ag", 1, "III/c", "Lurah", "Kelurahan Binjai", "Medan Denai", "agus.daulay"),
    ("Mawar Simanjuntak, S.Sos", 2, "III/b", "Lurah", "Kelurahan Bandar Selamat", "Medan Tembung", "mawar.simanjuntak"),
    ("Joko Prasetyo, ST", 1, "III/a", "Kepala Seksi Pembangunan", "Kantor Camat Medan Tembung", "Medan Tembung", "joko.prasetyo"),
    ("Lestari Ningsih Purba, S.Sos", 2, "III/c", "Sekretaris Camat", "Kantor Camat Medan Kota", "Medan Kota", "lestari.purba"),
    ("Fauzan Azhima Rangkuti, S.STP", 1, "III/b", "Lurah", "Kelurahan Teladan Barat", "Medan Kota", "fauzan.rangkuti"),
    ("Dewi Sartika Hutagalung, SE", 2, "II/d", "Pengadministrasi Umum", "Kelurahan Sukaramai I", "Medan Area", "dewi.hutagalung"),
    ("Rahmat Hidayat Siregar, S.Sos", 1, "III/c", "Kepala Seksi Kesejahteraan Sosial", "Kantor Camat Medan Area", "Medan Area", "rahmat.siregar"),
    ("Sri Rezeki Batubara, S.Psi", 2, "III/b", "Lurah", "Kelurahan Padang Bulan", "Medan Baru", "sri.batubara"),
    ("Ferry Tambunan, SH", 1, "III/a", "Sekretaris Lurah", "Kelurahan Titi Rantai", "Medan Baru", "ferry.tambunan"),
    ("Ayu Lestari Pohan, S.Kom", 2, "III/a", "Kepala Seksi Pelayanan Umum", "Kantor Camat Medan Polonia", "Medan Polonia", "ayu.pohan"),
    ("Zainal Abidin Tanjung, S.Sos", 1, "III/d", "Lurah", "Kelurahan Aur", "Medan Maimun", "zainal.tanjung"),
    ("Herlina Manurung, SE", 2, "III/b", "Sekretaris Lurah", "Kelurahan Kampung Baru", "Medan Maimun", "herlina.manurung"),
    ("Syahrul Ramadhan Nasution, S.STP", 1, "III/b", "Lurah", "Kelurahan Tanjung Rejo", "Medan Sunggal", "syahrul.nasution"),
    ("Indah Permata Sari, SE", 2, "III/a", "Kepala Seksi Pemberdayaan Masyarakat", "Kantor Camat Medan Sunggal", "Medan Sunggal", "indah.sari"),
    ("Martin Luther Sinaga, S.Sos", 1, "III/c", "Lurah", "Kelurahan Helvetia Timur", "Medan Helvetia", "martin.sinaga"),
    ("Rosdiana Lubis, SH", 2, "III/b", "Kepala Seksi Pemerintahan", "Kantor Camat Medan Helvetia", "Medan Helvetia", "rosdiana.lubis"),
    ("Taufiq Kurniawan, S.Kom", 1, "III/a", "Sekretaris Lurah", "Kelurahan Kesawan", "Medan Barat", "taufiq.kurniawan"),
    ("Erni Susanti Tarigan, S.Sos", 2, "III/c", "Lurah", "Kelurahan Sei Sikambing D", "Medan Petisah", "erni.tarigan"),
    ("Ilham Fadli Matondang, SE", 1, "III/b", "Kepala Seksi Ketenteraman dan Ketertiban", "Kantor Camat Medan Petisah", "Medan Petisah", "ilham.matondang"),
    ("Nova Riana Saragih, S.Sos", 2, "III/b", "Lurah", "Kelurahan Gaharu", "Medan Timur", "nova.saragih"),
    ("Arif Budiman Hasibuan, S.STP", 1, "III/a", "Kepala Seksi Pelayanan Umum", "Kantor Camat Medan Timur", "Medan Timur", "arif.hasibuan"),
    ("Melati Situmorang, SE", 2, "II/c", "Pengadministrasi Kependudukan", "Kelurahan Pahlawan", "Medan Perjuangan", "melati.situmorang"),
    ("Roni Saputra Pardede, S.Sos", 1, "III/c", "Lurah", "Kelurahan Tanjung Mulia", "Medan Deli", "roni.pardede"),
    ("Hotmauli Panjaitan, SH", 2, "III/b", "Sekretaris Camat", "Kantor Camat Medan Deli", "Medan Deli", "hotmauli.panjaitan"),
    ("Andika Pratama Lubis, S.Kom", 1, "III/a", "Sekretaris Lurah", "Kelurahan Martubung", "Medan Labuhan", "andika.lubis"),
    ("Suryani Rambe, S.Sos", 2, "III/c", "Lurah", "Kelurahan Rengas Pulau", "Medan Marelan", "suryani.rambe"),
    ("Iwan Setiawan Sihombing, ST", 1, "III/b", "Kepala Seksi Pembangunan", "Kantor Camat Medan Marelan", "Medan Marelan", "iwan.sihombing"),
    ("Khairunnisa Siregar, S.Sos", 2, "III/a", "Lurah", "Kelurahan Bagan Deli", "Medan Belawan", "khairunnisa.siregar"),
]

# (full name, sex digit, jabatan, e-mail local part)
EXAMINERS = [
    ("Dr. Tri Widodo Wahyu Utomo, SH, MA", 1, "Widyaiswara Ahli Utama", "tri.utomo"),
    ("Dra. Siti Zuhro Handayani, M.Si", 2, "Peneliti Ahli Madya", "siti.handayani"),
    ("Dr. Andi Wahyudi, M.Si", 1, "Widyaiswara Ahli Madya", "andi.wahyudi"),
]

STAFF = ("Rahmadani Putri Siregar, S.Sos, M.AP", 2, "Kepala Bidang Pengembangan Kompetensi")
# (full name, NIP, jabatan): the head of BKDPSDM who acknowledges the minutes; made up, as everyone here.
HEAD = (
    "Drs. Muhammad Husni Lubis, M.Si",
    "196703151992031004",
    "Kepala Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia Kota Medan",
)
# The installation's superuser, who creates organisations and chooses their staff.
ADMIN = ("Administrator Inovasi", 1)

# Seven plans a cluster, more or less: (cluster, title), in roll-number order.
PLAN_TITLES = [
    ("Layanan Langsung", "SIGAP: Surat Izin Gangguan Antar Pintu untuk Pelaku Usaha Kecil"),
    ("Pemberdayaan Masyarakat", "Kampung Bersih Berdaya: Bank Sampah Berbasis Lingkungan"),
    ("Sistem Informasi", "E-Kelurahan: Pengajuan Surat Keterangan secara Daring"),
    ("Kearsipan", "ARSIP RAPI: Penataan Arsip Kependudukan dengan Kode Warna"),
    ("Layanan Langsung", "Pojok Layanan Satu Meja di Kantor Kelurahan"),
    ("Tata Kelola Pemerintahan", "PATROLI TERPADU: Koordinasi Trantib Berbasis Grup Pesan"),
    ("Sistem Informasi", "SI-PBB: Pengingat Jatuh Tempo Pajak Bumi dan Bangunan lewat SMS"),
    ("Pelayanan Kepegawaian", "Kartu Kendali Kenaikan Pangkat Pegawai Kecamatan"),
    ("Layanan Langsung", "Layanan Akhir Pekan untuk Warga yang Bekerja"),
    ("Pemberdayaan Masyarakat", "Posyandu Lansia Keliling"),
    ("Sarana Prasarana", "Ruang Tunggu Ramah Anak dan Disabilitas"),
    ("Sarana Prasarana", "Peta Drainase Partisipatif untuk Cegah Banjir"),
    ("Kearsipan", "Digitalisasi Register Akta dan Surat Tanah Kecamatan"),
    ("Layanan Langsung", "Antrian Tertib dengan Nomor Panggil Suara"),
    ("Kearsipan", "Lemari Arsip Aktif Berbasis Indeks Warga"),
    ("Pemberdayaan Masyarakat", "Rumah Kreatif Ibu-Ibu PKK untuk UMKM"),
    ("Sistem Informasi", "Papan Informasi Layanan Digital di Kelurahan Padang Bulan"),
    ("Tata Kelola Pemerintahan", "Musrenbang Terbuka: Usulan Warga Dipantau Bersama"),
    ("Sarana Prasarana", "Loket Layanan Mudah Diakses Penyandang Disabilitas"),
    ("Pemberdayaan Masyarakat", "Kelompok Sadar Wisata Kampung Aur"),
    ("Kearsipan", "Arsip Surat Masuk dan Keluar Sekali Catat"),
    ("Layanan Langsung", "Kepling Menjemput: Perekaman KTP-el untuk Warga Sakit dan Lansia"),
    ("Pelayanan Kepegawaian", "Absensi Apel Pagi dengan Kode QR"),
    ("Sarana Prasarana", "Penerangan Gang Swadaya Warga Helvetia"),
    ("Tata Kelola Pemerintahan", "Standar Pelayanan Terpampang di Setiap Loket"),
    ("Sistem Informasi", "Data Warga Kesawan dalam Satu Lembar Kerja Bersama"),
    ("Pemberdayaan Masyarakat", "Taman Baca Warga di Balai Kelurahan"),
    ("Tata Kelola Pemerintahan", "Pengaduan Warga Ditanggapi dalam 3 Hari"),
    ("Layanan Langsung", "Surat Pengantar Selesai dalam 15 Menit"),
    ("Sistem Informasi", "Aplikasi Pemantauan Kebersihan Pasar"),
    ("Kearsipan", "Penyusutan Arsip Kelurahan sesuai Jadwal Retensi"),
    ("Sarana Prasarana", "Sumur Resapan Lingkungan Tanjung Mulia"),
    ("Pelayanan Kepegawaian", "Pengingat Berkala Gaji dan Kenaikan Pangkat Otomatis"),
    ("Sistem Informasi", "Peta Digital Batas Lingkungan Martubung"),
    ("Pemberdayaan Masyarakat", "Pelatihan Olahan Ikan untuk Istri Nelayan"),
    ("Pelayanan Kepegawaian", "Buku Saku Disiplin Pegawai Kecamatan"),
    ("Tata Kelola Pemerintahan", "Rembuk Warga Pesisir Bagan Deli Setiap Bulan"),
]

# Where the participants were born, by roll number: most in the city, a few elsewhere in the province.
BIRTH_PLACES = ["Medan", "Medan", "Medan", "Binjai", "Pematangsiantar", "Medan", "Tebing Tinggi", "Kabanjahe"]
