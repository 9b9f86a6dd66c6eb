"""python manage.py integration_create --name NAME [--email E] [--resources all|R1,R2] [--json]

Creates and activates an integration (no endpoint: the tokens are issued at once) and prints its four
credentials: for deployments and tests, as Magento's config-based integrations (etc/integration/*.xml) are.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from backoffice.exceptions import DomainError
from backoffice.rest.acl import declared_resources

from ...integrations import IntegrationData, activate_integration, create_integration


class Command(BaseCommand):
    help = "Create and activate an integration; print its consumer key and secret, access token and secret."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--resources",
            default="all",
            help="'all', or ACL resource ids separated by commas (--list-resources shows them)",
        )
        parser.add_argument("--list-resources", action="store_true", help="print the ACL resources and exit")
        parser.add_argument("--json", action="store_true", help="print the credentials as one JSON object")

    def handle(self, *args: object, **options: object) -> None:
        if options["list_resources"]:
            self.stdout.write("\n".join(declared_resources()))
            return
        resources = str(options["resources"]).strip()
        everything = resources == "all"
        data = IntegrationData(
            name=str(options["name"]),
            email=str(options["email"]),
            all_resources=everything,
            resources=[] if everything else [item.strip() for item in resources.split(",") if item.strip()],
        )
        try:
            integration = create_integration(data)
            credentials = activate_integration(integration.pk)
        except DomainError as error:
            raise CommandError(error.rendered()) from error
        values = {"integration_id": integration.pk, "name": integration.name, **credentials.as_dict()}
        if options["json"]:
            self.stdout.write(json.dumps(values))
            return
        for label, key in (
            ("Consumer Key", "consumer_key"),
            ("Consumer Secret", "consumer_secret"),
            ("Access Token", "access_token"),
            ("Access Token Secret", "access_token_secret"),
        ):
            self.stdout.write(f"{label}: {values[key]}")
