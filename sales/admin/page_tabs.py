"""The sales pages' one layout (the order, invoice, shipment and credit memo pages): Magento's tabs, the page's
buttons, the whole width (no app list at the left). The template is admin/sales/tabbed_page.html.

Each ModelAdmin names its tabs (``page_tabs``) and answers ``page_context`` (its buttons, its history lines);
the template draws every page the same way. Without JavaScript the tabs show one after the other.

The invoice, shipment and credit memo pages share their Comments History form (``DocumentCommentForm``,
``comment_view``); the order's has a status of its own (order_page.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from backoffice.exceptions import DomainError

from .audit import log_comment
from .order_tabs import comment_rows

HISTORY_TEMPLATE = "admin/sales/history.html"  # the Comments History tab of every page
# Controller/Adminhtml/Order/Invoice/AddComment, Order/Creditmemo/AddComment, Shipping's Order/Shipment/AddComment.
COMMENT_MISSING = "The comment is missing. Enter and try again."


@dataclass(frozen=True)
class PageTab:
    """One tab: its fieldsets two by two (``boxes``), then its inlines by prefix (``tables``), a fieldset of
    totals at the right, and a template of its own (``include``). ``count`` names an inline prefix or a list in
    the page's context whose length the tab's label shows."""

    name: str  # the panel's id (tab-<name>) and the URL's #fragment
    label: str
    boxes: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    totals: str = ""
    include: str = ""
    count: str = ""


@dataclass(frozen=True)
class PageAction:
    """A button above the page: a link, or a POST form (a change or an email) asked first with ``confirm``."""

    label: str
    url: str
    post: bool = False
    confirm: str = ""


def tabs_with_counts(tabs: tuple[PageTab, ...], context: dict) -> list[tuple[PageTab, int | None]]:
    sizes = {inline.formset.prefix: len(inline.formset.forms) for inline in context.get("inline_admin_formsets", ())}
    return [
        (tab, sizes[tab.count] if tab.count in sizes else len(context.get(tab.count, ())) if tab.count else None)
        for tab in tabs
    ]


class TabbedPage:
    """A mixin before the ModelAdmin in a sales page's bases."""

    change_form_template = "admin/sales/tabbed_page.html"
    page_tabs: tuple[PageTab, ...] = ()

    def page_context(self, request: HttpRequest, obj: object) -> dict[str, object]:
        """The page's buttons (``page_actions``: PageAction), ``history`` lines and whatever its tabs show."""
        return {}

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: object | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(self.page_context(request, obj))
            context["page_tabs"] = tabs_with_counts(self.page_tabs, context)
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]


def email_view(
    model_admin: ModelAdmin,
    request: HttpRequest,
    object_id: str,
    *,
    permission: str,
    notify: Callable[[int], object],
    sent: str,
) -> HttpResponse:
    """A document page's Send Email (Invoice/AbstractInvoice/Email, Shipping's Order/Shipment/Email,
    Creditmemo/AbstractCreditmemo/Email): POST only, through the domain's notify function (the email leaves after
    commit), back to the page with Magento's message, which it shows whatever notify answers."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    document = model_admin.get_object(request, unquote(object_id))
    if document is None:
        raise Http404
    notify(document.pk)
    model_admin.message_user(request, sent, messages.SUCCESS)
    opts = model_admin.opts
    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[document.pk]))


class DocumentCommentForm(forms.Form):
    """The Comments History form of an invoice, shipment or credit memo (order/comments/view.phtml): Comment Text,
    "Notify Customer by Email", "Visible on Storefront". Its inputs sit in the page's tab, outside their <form>
    (tabbed_page.html draws it; HTML's form attribute ties them to it). Magento shows the notify box whatever the
    user's email permission (its AddComment controllers do not ask)."""

    FORM_ID = "document_comment_form"

    comment = forms.CharField(label="Comment Text", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_customer_notified = forms.BooleanField(label="Notify Customer by Email", required=False)
    is_visible_on_front = forms.BooleanField(label="Visible on Storefront", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = self.FORM_ID

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if not comment:  # AddComment: `if (empty($data['comment']))`
            raise forms.ValidationError(COMMENT_MISSING)
        return comment


def comment_context(request: HttpRequest, document: object, *, permission: str, url_name: str) -> dict[str, object]:
    """The page's comment form and where it posts: none without the document's comment permission."""
    may_comment = request.user.has_perm(permission)
    return {
        "comment_form": DocumentCommentForm() if may_comment else None,
        "comment_url": reverse(f"admin:{url_name}", args=[document.pk]),  # type: ignore[attr-defined]
    }


def comment_view(
    model_admin: ModelAdmin,
    request: HttpRequest,
    object_id: str,
    *,
    permission: str,
    add: Callable[[int, str, bool, bool], object],
) -> HttpResponse:
    """A document page's Submit Comment (the AddComment controllers): POST only, through the domain's comment
    function ``add(document id, comment, notify, visible)``, which emails the comment after commit when asked;
    back on the Comments History tab, with Magento's message for an empty comment (nothing written)."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    document = model_admin.get_object(request, unquote(object_id))
    if document is None:
        raise Http404
    form = DocumentCommentForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("comment", ()):
            model_admin.message_user(request, error, messages.ERROR)
    else:
        data = form.cleaned_data
        try:
            add(document.pk, data["comment"], data["is_customer_notified"], data["is_visible_on_front"])
        except DomainError as error:
            model_admin.message_user(request, str(error), messages.ERROR)
        else:
            log_comment(request, document)
    opts = model_admin.opts
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[document.pk])
    return HttpResponseRedirect(url + "#history")


class DocumentPage(TabbedPage):
    """The invoice, shipment and credit memo pages: Send Email, the page's own buttons, Print; the Comments History
    and its form. A page declares its url prefix (``sales_invoice``), permissions, messages and domain functions;
    ``own_actions``, ``own_context`` and ``own_urls`` add what only it has (Credit Memo, Tracking)."""

    url_prefix = ""
    email_label = "Send Email"
    email_permission = ""
    email_question = ""
    email_sent = ""
    comment_permission = ""
    history_title = ""

    def notify(self, document_id: int) -> object:
        raise NotImplementedError

    def add_comment(self, document_id: int, comment: str, notify: bool, visible: bool) -> object:
        raise NotImplementedError

    def print_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        raise NotImplementedError

    def own_actions(self, request: HttpRequest, document: object) -> list[PageAction]:
        return []

    def own_context(self, request: HttpRequest, document: object) -> dict[str, object]:
        return {}

    def own_urls(self) -> list[URLPattern]:
        return []

    def has_email_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.email_permission)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("<path:object_id>/comment/", view(self.comment_view), name=f"{self.url_prefix}_comment"),
            *self.own_urls(),
            path("<path:object_id>/print/", view(self.print_view), name=f"{self.url_prefix}_print"),
            path("<path:object_id>/email/", view(self.email_view), name=f"{self.url_prefix}_email"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def page_context(self, request: HttpRequest, document: object) -> dict[str, object]:
        pk = document.pk  # type: ignore[attr-defined]
        actions = []
        if self.has_email_permission(request):
            url = reverse(f"admin:{self.url_prefix}_email", args=[pk])
            actions.append(PageAction(self.email_label, url, post=True, confirm=self.email_question))
        actions += self.own_actions(request, document)
        actions.append(PageAction("Print", reverse(f"admin:{self.url_prefix}_print", args=[pk])))
        return {
            "page_actions": actions,
            **self.own_context(request, document),
            "history": comment_rows(document.comments.all()),  # type: ignore[attr-defined]
            "history_title": self.history_title,
            **comment_context(
                request, document, permission=self.comment_permission, url_name=f"{self.url_prefix}_comment"
            ),
        }

    def comment_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return comment_view(self, request, object_id, permission=self.comment_permission, add=self.add_comment)  # type: ignore[arg-type]

    def email_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return email_view(  # type: ignore[arg-type]
            self, request, object_id, permission=self.email_permission, notify=self.notify, sent=self.email_sent
        )
