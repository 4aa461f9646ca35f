"""The subcommands of ``dmp``; each is a small class with ``arguments`` and ``run``."""
import datetime
import json
import os

import colander
import transaction
from substanced.util import get_oid

from ..demo import load_demo
from ..i18n import _
from ..journal.log import journal_of
from ..journal.reminders import send_release_reminders
from ..journal.services import record
from ..resources.corpus import CorpusError, add_professional, import_corpus
from ..resources.identity import IdentityError, check_nir
from ..resources.listing import describe_document, describe_dossier, newest_first, visible_documents
from ..resources.people import PROFESSIONAL
from ..resources.schemas import (
    DossierByProfessionalSchema,
    ProfessionalAccountSchema,
    password_node,
)
from ..resources.services import DossierExists, open_dossier_with_professional, purge_closed
from ..resources.uploads import UploadError
from ..search.queries import QueryError
from ..search.services import (
    MAX_PAGE_SIZE,
    SearchRefused,
    dossier_documents,
    index_problems,
    reindex_dossier,
    search,
)
from ..security.access import grant_access
from ..security.accounts import account_kind, find_account, principals_of
from ..security.permissions import Permission
from ..security.policy import DossierAccess

EXIT_USAGE, EXIT_REFUSED, EXIT_NOT_FOUND = 2, 3, 4


class CommandError(Exception):
    def __init__(self, message, status=EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.status = status


class Context:
    """What a subcommand works with: the site root, registry, settings and the streams."""

    def __init__(self, env, stdin, stdout):
        self.root = env["root"]
        self.registry = env["registry"]
        self.request = env["request"]
        self.settings = self.registry.settings
        self.stdin = stdin
        self.stdout = stdout

    def print(self, text=""):
        print(self.request.localizer.translate(text), file=self.stdout)

    def account(self, login):
        user = find_account(self.root, login)
        if user is None:
            raise CommandError(_("No account for this login."), EXIT_NOT_FOUND)
        return user

    def dossier(self, nir):
        try:
            dossier = self.root["dossiers"].for_nir(check_nir(nir))
        except IdentityError as error:
            raise CommandError(error.message) from None
        if dossier is None:
            raise CommandError(_("No dossier for this NIR."), EXIT_NOT_FOUND)
        return dossier

    def dossiers(self, nir=None):
        """The dossier of this NIR, or every dossier."""
        return [self.dossier(nir)] if nir else list(self.root["dossiers"].values())

    def professional(self, rpps):
        user = self.account(rpps)
        if account_kind(user) != PROFESSIONAL:
            raise CommandError(_("This login is not a professional's."), EXIT_NOT_FOUND)
        return user

    def validate(self, schema, cstruct):
        try:
            return schema.deserialize(cstruct)
        except colander.Invalid as error:
            field, message = next(iter(error.asdict(self.request.localizer.translate).items()))
            raise CommandError("%s: %s" % (field, message)) from None


def _read_password(context):
    password = context.stdin.readline().rstrip("\r\n")
    schema = colander.SchemaNode(colander.Mapping(), password_node())
    return context.validate(schema, {"password": password})["password"]


class ImportCorpus:
    name = "import-corpus"
    help = "import a corpus folder (patients.json, professionals.json, documents.json, documents/)"

    def arguments(self, parser):
        parser.add_argument("directory")

    def run(self, context, args):
        if not os.path.isdir(args.directory):
            raise CommandError(_("No such folder: ${path}", mapping={"path": args.directory}),
                               EXIT_NOT_FOUND)
        try:
            report = import_corpus(context.root, args.directory, context.registry, context.settings)
        except (CorpusError, UploadError) as error:
            raise CommandError(getattr(error, "message", str(error))) from None
        context.print(str(report))


class LoadDemo:
    name = "load-demo"
    help = "load the bundled demo corpus and demo passwords, unless already loaded"

    def arguments(self, parser):
        pass

    def run(self, context, args):
        report = load_demo(context.root, context.registry, context.settings)
        context.print(_("Demo data already loaded.") if report is None else str(report))


def _reader_arguments(parser):
    """Reading a dossier as someone: whose eyes, which dossier, JSON or text."""
    parser.add_argument("--as", dest="login", required=True, metavar="NIR_OR_RPPS")
    parser.add_argument("--dossier", required=True, metavar="NIR")
    parser.add_argument("--json", action="store_true")


class ListDocuments:
    name = "ls"
    help = "list the documents of a dossier that a user may see"

    def arguments(self, parser):
        _reader_arguments(parser)

    def run(self, context, args):
        user = context.account(args.login)
        dossier = context.dossier(args.dossier)
        access = DossierAccess(dossier, principals_of(user))
        if not access.can(dossier, Permission.DOSSIER_VIEW):
            raise CommandError(_("Access refused."), EXIT_REFUSED)
        record(context.request, dossier, "list", detail="dmp ls", user=user)
        documents = [describe_document(d) for d in newest_first(visible_documents(dossier, access))]
        if args.json:
            keys = ("id", "external_id", "title", "category", "type", "date", "state", "visibility")
            payload = {"dossier": describe_dossier(dossier),
                       "documents": [{key: d[key] for key in keys} for d in documents]}
            print(json.dumps(payload, ensure_ascii=False, indent=2), file=context.stdout)
            return
        for document in documents:
            print("%s  %-22s  %-12s  %s" % (document["date"], document["category"],
                                             ",".join(document["visibility"]), document["title"]),
                  file=context.stdout)


class AddProfessional:
    name = "add-professional"
    help = "create a professional's account and directory profile (password from stdin if asked)"

    def arguments(self, parser):
        parser.add_argument("--rpps", required=True)
        parser.add_argument("--family-name", required=True)
        parser.add_argument("--given-names", required=True)
        parser.add_argument("--profession", required=True)
        parser.add_argument("--title", default="Dr")
        parser.add_argument("--specialty", default="")
        parser.add_argument("--organisation", default="")
        parser.add_argument("--email")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the initial password from standard input")

    def run(self, context, args):
        fields = context.validate(ProfessionalAccountSchema(), {
            "rpps": args.rpps, "title": args.title, "family_name": args.family_name,
            "given_names": args.given_names, "profession": args.profession,
            "specialty": args.specialty, "organisation": args.organisation,
            "email": args.email or colander.null,
        })
        if fields["rpps"] in context.root["directory"]:
            raise CommandError(_("A professional with this RPPS number already exists."))
        password = _read_password(context) if args.password_stdin else None
        add_professional(context.root, context.registry, password=password, **fields)
        context.print(_("Professional ${rpps} created.", mapping={"rpps": fields["rpps"]}))


class CreateDossier:
    name = "create-dossier"
    help = "open a patient's dossier on behalf of a professional; prints the activation code"

    def arguments(self, parser):
        parser.add_argument("--nir", required=True)
        parser.add_argument("--family-name", required=True)
        parser.add_argument("--given-names", required=True)
        parser.add_argument("--birth-date", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--sex", required=True, choices=("F", "M"))
        parser.add_argument("--by", required=True, metavar="RPPS",
                            help="the professional who records the patient's consent")
        parser.add_argument("--consent", action="store_true",
                            help="the patient consented (required)")
        parser.add_argument("--medecin-traitant", action="store_true",
                            help="the professional is the patient's médecin traitant")

    def run(self, context, args):
        professional = context.professional(args.by)
        identity = context.validate(DossierByProfessionalSchema(), {
            "nir": args.nir, "family_name": args.family_name, "given_names": args.given_names,
            "birth_date": args.birth_date, "sex": args.sex,
            "consent": "true" if args.consent else "false",
            "medecin_traitant": "true" if args.medecin_traitant else "false",
        })
        identity.pop("consent")
        medecin_traitant = identity.pop("medecin_traitant")
        try:
            dossier, code = open_dossier_with_professional(
                context.root, identity, professional, medecin_traitant, context.registry,
                context.settings)
        except DossierExists as error:
            raise CommandError(error.message) from None
        print("dossier %s\nactivation code %s" % (dossier.__name__, code), file=context.stdout)


class Grant:
    name = "grant"
    help = "authorise a professional on a dossier"

    def arguments(self, parser):
        parser.add_argument("--dossier", required=True, metavar="NIR")
        parser.add_argument("--to", required=True, metavar="RPPS")
        parser.add_argument("--expires", metavar="YYYY-MM-DD")

    def run(self, context, args):
        dossier = context.dossier(args.dossier)
        professional = context.professional(args.to)
        expires = None
        if args.expires:
            try:
                day = datetime.date.fromisoformat(args.expires)
            except ValueError:
                raise CommandError(_("Dates are written YYYY-MM-DD.")) from None
            expires = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
        grant_access(dossier, professional, None, "command line", expires=expires,
                     registry=context.registry)
        context.print(_("Access granted."))


class SetPassword:
    name = "set-password"
    help = "set an account's password, read from standard input"

    def arguments(self, parser):
        parser.add_argument("login")

    def run(self, context, args):
        user = context.account(args.login)
        user.set_password(_read_password(context))
        user.activation_hash = None
        user.failed_logins = 0
        user.locked_until = None
        context.print(_("Password changed."))


class Token:
    name = "token"
    help = "print a personal API token for an account"

    def arguments(self, parser):
        parser.add_argument("--as", dest="login", required=True, metavar="NIR_OR_RPPS")
        parser.add_argument("--hours", type=int)

    def run(self, context, args):
        user = context.account(args.login)
        hours = args.hours or context.settings["dmp.token_default_hours"]
        if not 0 < hours <= 24 * 366:
            raise CommandError(_("A token lasts between 1 hour and one year."))
        print(context.root.api_tokens.issue(user, hours), file=context.stdout)


class Search:
    name = "search"
    help = "search a dossier as a user would (same access rules); journaled"

    def arguments(self, parser):
        _reader_arguments(parser)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("query", nargs="+")

    def run(self, context, args):
        user = context.account(args.login)
        dossier = context.dossier(args.dossier)
        text = " ".join(args.query)
        if not 0 < args.limit <= MAX_PAGE_SIZE:
            raise CommandError(_("--limit goes from 1 to ${max}.",
                                 mapping={"max": MAX_PAGE_SIZE}))
        try:
            results = search(dossier, DossierAccess(dossier, principals_of(user)), text,
                             page_size=args.limit)
        except SearchRefused:
            raise CommandError(_("Access refused."), EXIT_REFUSED) from None
        except QueryError as error:
            raise CommandError(error.message) from None
        record(context.request, dossier, "search", detail=text, user=user)
        if args.json:
            hits = [{"external_id": hit.external_id, "title": hit.title, "score": hit.score,
                     "snippet": hit.snippet_html} for hit in results.hits]
            print(json.dumps({"query": text, "total": results.total, "hits": hits},
                             ensure_ascii=False, indent=2), file=context.stdout)
            return
        for hit in results.hits:
            print("%6.2f  %s  %s" % (hit.score or 0, hit.date, hit.title), file=context.stdout)


class Reindex:
    name = "reindex"
    help = "rebuild the full-text catalogs from the documents (after changing catalog/)"

    def arguments(self, parser):
        parser.add_argument("--dossier", metavar="NIR")

    def run(self, context, args):
        dossiers = context.dossiers(args.dossier)
        total = 0
        for dossier in dossiers:
            total += reindex_dossier(dossier)
            transaction.commit()  # one dossier at a time: a big site fits in memory
        context.print(_("${dossiers} catalog(s) rebuilt, ${documents} document(s).",
                        mapping={"dossiers": len(dossiers), "documents": total}))


class Journal:
    name = "journal"
    help = "check the hash chains of the dossiers' journals"

    def arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
        sub.required = True
        verify = sub.add_parser("verify", help="report OK or the first broken entry")
        verify.add_argument("--dossier", metavar="NIR")

    def run(self, context, args):
        dossiers = context.dossiers(args.dossier)
        broken = 0
        for dossier in dossiers:
            problem = journal_of(dossier).verify()
            label = dossier.__name__  # never the NIR: operators read this
            if problem is None:
                print("%s OK (%d entries)" % (label, journal_of(dossier).count),
                      file=context.stdout)
            else:
                broken += 1
                print("%s BROKEN at entry %d (%s)" % (label, problem[0], problem[1]),
                      file=context.stdout)
        if broken:
            raise CommandError(_("${count} journal(s) broken.", mapping={"count": broken}), 1)


def _problems(dossier):
    """What is wrong with a dossier's files, index and journal, in words without patient data."""
    problems = []
    for document in dossier_documents(dossier):
        problem = document.file_problem()
        if problem is not None:
            problems.append("document %s: %s" % (get_oid(document), problem))
    problems += index_problems(dossier)
    broken = journal_of(dossier).verify()
    if broken is not None:
        problems.append("journal broken at entry %d (%s)" % broken)
    return problems


class Check:
    name = "check"
    help = ("verify the database: every document's file and SHA-256, each dossier's index "
            "and journal")

    def arguments(self, parser):
        parser.add_argument("--dossier", metavar="NIR")

    def run(self, context, args):
        wrong = 0
        for dossier in context.dossiers(args.dossier):
            problems = _problems(dossier)
            label = dossier.__name__  # never the NIR: operators read this
            if problems:
                wrong += 1
            for problem in problems:
                print("%s %s" % (label, problem), file=context.stdout)
            if not problems:
                print("%s OK (%d documents, %d journal entries)" % (
                    label, len(dossier_documents(dossier)), journal_of(dossier).count),
                    file=context.stdout)
            context.root._p_jar.cacheMinimize()  # a big site is read one dossier at a time
        if wrong:
            raise CommandError(_("${count} dossier(s) with problems.", mapping={"count": wrong}),
                               1)


class Pack:
    name = "pack"
    help = ("remove the history older than --days (7) and the files only it used; "
            "runs beside the servers on ZEO or PostgreSQL")

    def arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def run(self, context, args):
        if args.days < 0:
            raise CommandError(_("--days cannot be negative."))
        context.root._p_jar.db().pack(days=args.days)
        context.print(_("Database packed (history kept: ${days} day(s)).",
                        mapping={"days": args.days}))


class PurgeClosed:
    name = "purge-closed"
    help = "delete the closed dossiers kept past their retention period, then pack the database"

    def arguments(self, parser):
        parser.add_argument("--no-pack", action="store_true",
                            help="do not pack (files of purged documents stay until a pack)")

    def run(self, context, args):
        purged = purge_closed(context.root, context.registry)
        context.print(_("${count} closed dossier(s) purged.", mapping={"count": purged}))
        if purged and not args.no_pack:
            transaction.commit()  # the purge first, then pack it away with the blobs
            context.root._p_jar.db().pack()


class SendReminders:
    name = "send-reminders"
    help = "remind authors of documents still hidden from the patient past their date (cron)"

    def arguments(self, parser):
        pass

    def run(self, context, args):
        count = send_release_reminders(context.root, context.request)
        context.print(_("${count} reminder(s) sent.", mapping={"count": count}))


class RevokeToken:
    name = "revoke-token"
    help = "revoke an API token, read from standard input"

    def arguments(self, parser):
        pass

    def run(self, context, args):
        if not context.root.api_tokens.revoke(context.stdin.readline().strip()):
            raise CommandError(_("Unknown token."), EXIT_NOT_FOUND)
        context.print(_("Token revoked."))


COMMANDS = [ImportCorpus(), LoadDemo(), ListDocuments(), AddProfessional(), CreateDossier(),
            Grant(), SetPassword(), Token(), RevokeToken(), Search(), Reindex(), Journal(),
            Check(), Pack(), PurgeClosed(), SendReminders()]
