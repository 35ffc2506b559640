"""The command line: ``flask --app quiz_server COMMAND``. One registry of every command."""

from quiz_server.cli import accounts, courses, database, privacy, reports, results

COMMANDS = (
    database.init_db_command,
    database.backup_command,
    database.prune_backups_command,
    database.prune_expired_data_command,
    accounts.create_organizer_command,
    accounts.create_trainee_command,
    accounts.ensure_organizer_command,
    accounts.set_password_command,
    accounts.deactivate_user_command,
    accounts.reactivate_user_command,
    courses.create_course_command,
    courses.enrol_command,
    courses.import_roster_command,
    results.export_completions_command,
    results.close_expired_command,
    privacy.purge_course_command,
    privacy.purge_expired_command,
    reports.annual_report_command,
)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
