-- The accounts every test starts with (conftest.ORGANIZER, TRAINEE, OTHER_TRAINEE), with
-- password hashes computed once, as flaskr's tests/data.sql does, so no setup hashes. They use
-- cheap scrypt parameters (N=1024) so logging in is quick too: they are fixtures only; every
-- hash the server makes is at full strength (test_auth.test_password_is_hashed).
-- The trainees already confirmed the privacy notice at their first login.
INSERT INTO users (username, password_hash, role, full_name, privacy_accepted_at, created_at)
VALUES
  ('org', 'scrypt:1024:8:1$tqvugaXyg6VdOtcs$2b092ec9f27826ad0300c9a868cea8e6f1f3c9364fdfccca2fbb72cc376f58e74b0063b7ecdebefcdcb3c0122b7ac93a077753ec63757416a89a09da7a70afe6', 'organizer', 'Nguyễn Văn Tổ Chức', NULL, '2026-01-05T08:00:00+00:00'),
  ('tra', 'scrypt:1024:8:1$j1GGDh2cYhCZEm4n$f080800a1821868ce01f712634c7baa23cae26a1b0d6947233f6df78eb964c1b3e98df9e40976564987bd645f22f2117587e9ac8a931166bf6571d4862f7a577', 'trainee', 'Trần Thị Học Viên', '2026-01-05T08:00:00+00:00', '2026-01-05T08:00:00+00:00'),
  ('tra2', 'scrypt:1024:8:1$RSrgh1uKRVi5JGAu$1fbdaf3689043878f36463ce80a2047d1b6701701c31b17553c8be9886137559d83575af19b8729961e1a666c467b99501746dbf3cc2947a45c0ec3423aba9fd', 'trainee', 'Lê Văn Khác', '2026-01-05T08:00:00+00:00', '2026-01-05T08:00:00+00:00');
