"""`samverkan token create --organization ID --name NAME` (or `--network SLUG`): print a new API token."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samverkan.accounts.services import token_create
from samverkan.core.errors import DomainError
from samverkan.core.validation import whole_number
from samverkan.networks.models import Network
from samverkan.places.models import Organization


class Command(BaseCommand):
    help = (
        "Create an API token for an organization (--organization ID) or a network (--network SLUG) and print its "
        "secret, once: it is stored only as a hash. The token acts for --by EMAIL (an administrator of the "
        "organization or a coordinator of the network), by default the site's first administrator."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print its secret.")
        place = create.add_mutually_exclusive_group(required=True)
        place.add_argument("--organization", help="The organization's id.")
        place.add_argument("--network", help="The network's identifier (slug).")
        create.add_argument("--name", required=True, help="What the token is for, at most 100 characters.")
        create.add_argument("--by", help="E-mail of the person the token acts for.")

    def handle(self, *args, **options):
        organization = network = None
        if options["organization"] is not None:
            pk = whole_number(options["organization"])
            organization = Organization.objects.filter(pk=pk).first() if pk else None
            if organization is None:
                raise CommandError(_("There is no organization %(id)s.") % {"id": options["organization"]})
        else:
            network = Network.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(_("There is no network %(slug)s.") % {"slug": options["network"]})
        users = get_user_model().objects.filter(is_active=True)
        if options["by"]:
            by = users.filter(email__iexact=options["by"].strip()).first()
            if by is None:
                raise CommandError(_("There is no active person with the e-mail %(email)s.") % {"email": options["by"]})
        else:
            by = users.filter(is_superuser=True).order_by("pk").first()
            if by is None:
                raise CommandError(_("There is no administrator yet: name the person with --by EMAIL."))
        try:
            token, secret = token_create(by=by, name=options["name"], organization=organization, network=network)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stderr.write(
            _("Token “%(name)s” for %(place)s, acting for %(email)s:")
            % {"name": token.name, "place": organization or network, "email": by.email}
        )
        self.stdout.write(secret)
