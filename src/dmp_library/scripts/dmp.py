"""``dmp [-c CONFIG_URI] SUBCOMMAND ...``: operate a dmp_library site from the shell.

Each subcommand opens the application with ``pyramid.paster.bootstrap``, runs in one
transaction (committed only if it succeeds) and closes the database. Errors are one line on
standard error with exit status 2 (usage or invalid input), 3 (access refused), 4 (not found)
or 5 (the database is locked by a running server).
"""
import argparse
import os
import sys

import transaction
from pyramid.paster import bootstrap, get_appsettings, setup_logging
from pyramid.request import Request
from zc.lockfile import LockError

from ..storage import close_database
from . import commands

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_NOT_FOUND = 4
EXIT_BUSY = 5


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(EXIT_USAGE, "%s: %s (see %s --help)\n" % (self.prog, message, self.prog))


def build_parser():
    parser = OneLineParser(prog="dmp", description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", default="development.ini",
                        help="configuration file (default: ./development.ini)")
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND",
                                       parser_class=OneLineParser)
    subparsers.required = True
    for command in commands.COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv=None, stdin=None, stdout=None):
    args = build_parser().parse_args(argv)
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    config = args.config
    if not os.path.isfile(config.split("#")[0]):
        print("dmp: no configuration file %s" % config, file=sys.stderr)
        return EXIT_USAGE
    setup_logging(config)
    # Links in the mails a command sends (reminders) point at the site's public address.
    public_url = get_appsettings(config).get("dmp.public_url", "http://127.0.0.1:6543")
    try:
        env = bootstrap(config, request=Request.blank("/", base_url=public_url))
    except LockError:
        print("dmp: the database is in use by a running server: stop it first, or share the "
              "database through ZEO (make run-zeo, then dmp -c config/zeo.ini)", file=sys.stderr)
        return EXIT_BUSY
    try:
        with transaction.manager:
            context = commands.Context(env, stdin, stdout)
            args.run(context, args)
    except commands.CommandError as error:
        print("dmp: %s" % env["request"].localizer.translate(error.message), file=sys.stderr)
        return error.status
    finally:
        env["closer"]()
        for database in getattr(env["registry"], "_zodb_databases", {}).values():
            close_database(database)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
