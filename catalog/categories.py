"""Category writes and reads: Magento_Catalog's CategoryRepository, CategoryManagement (tree, move) and the
category-product links (CategoryLinkRepository, CategoryLinkManagement, the product's category_links).

Every structural write (create, move, delete) takes the tree lock first (catalog.locks.lock_category_tree) and
keeps ``path``, ``level``, ``position`` and ``children_count`` as Magento's resource model does: a new category is
last among its siblings, every ancestor's ``children_count`` counts it, a deleted category takes its subtree and
their product links with it. Link writes lock the product (the global lock order's Product).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Concat, Substr

from .exceptions import (
    MOVE_UNDER_OWN_CHILD,
    CategoryMoveRefused,
    CategoryNotDeleted,
    CategoryNotFound,
    CategoryNotSaved,
    CategoryProductNotLinked,
    ProductNotFound,
)
from .locks import lock_category_tree, lock_product
from .models import DEFAULT_CATEGORY_ID, Category, CategoryProduct, Product

CATEGORY_FIELDS = frozenset({"parent_id", "name", "is_active", "position", "include_in_menu"})
EMPTY_ATTRIBUTE = 'The "%s" attribute value is empty. Set the attribute and try again.'  # AbstractBackend::validate
REQUIRED = {"name": "Name", "is_active": "Is Active"}  # required attributes without a default, their labels


@dataclass
class CategoryNode:
    """CategoryTreeInterface: a category, its product count and its children down to the asked depth."""

    category: Category
    product_count: int = 0
    children: list[CategoryNode] = field(default_factory=list)


def get_category(category_id: object) -> Category:
    """CategoryRepository::get: "No such entity with id = ..." for an unknown id (also one that is no number)."""
    text = str(category_id) if category_id is not None else ""
    category = Category.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 19 else None
    if category is None:
        raise CategoryNotFound(category_id)
    return category


def active_children_ids(category: Category) -> list[int]:
    """Category::getChildren: the active direct children's ids (the ``children`` field, "3,4,5")."""
    return list(
        Category.objects.filter(parent_id=category.pk, is_active=True).order_by("pk").values_list("pk", flat=True)
    )


def save_category(category_id: int | None, changes: Mapping[str, object]) -> Category:
    """CategoryRepository::save. With an id, an update of the fields sent (``None``: not sent); path, level and
    parent stay (a category moves with move_category). Without one, a new category under ``parent_id`` (the store's
    root category, "Default Category", when not given), last among its siblings unless a position is sent.
    Refuses an empty name, and a new category without is_active, with Magento's "Could not save category: %1"."""
    if set(changes) - CATEGORY_FIELDS:
        raise TypeError(f"not category fields: {sorted(set(changes) - CATEGORY_FIELDS)}")
    with transaction.atomic():
        lock_category_tree()
        if category_id:
            category = get_category(category_id)
            for name in ("name", "is_active", "position", "include_in_menu"):
                if changes.get(name) is not None:
                    setattr(category, name, changes[name])
            _validate(category)
            category.save()
            return category
        parent = get_category(changes.get("parent_id") or DEFAULT_CATEGORY_ID)
        position = changes.get("position")
        if position is None:
            position = (Category.objects.filter(parent_id=parent.pk).aggregate(top=Max("position"))["top"] or 0) + 1
        category = Category(
            parent=parent,
            path="",
            level=parent.level + 1,
            position=position,
            children_count=0,
            name=changes.get("name"),
            is_active=changes.get("is_active"),
            include_in_menu=True if changes.get("include_in_menu") is None else changes["include_in_menu"],
        )
        _validate(category)
        category.save()
        category.path = f"{parent.path}/{category.pk}"
        category.save(update_fields=["path"])
        Category.objects.filter(pk__in=parent.path_ids).update(children_count=F("children_count") + 1)
    return category


def _validate(category: Category) -> None:
    for name, label in REQUIRED.items():
        if getattr(category, name) in (None, ""):
            raise CategoryNotSaved(EMPTY_ATTRIBUTE % label)


def delete_category(category_id: int) -> None:
    """CategoryRepository::deleteByIdentifier: the category, its subtree and their product links. The store's
    root category (and so the tree root above it) is refused: "Cannot delete category with id %1"."""
    with transaction.atomic():
        lock_category_tree()
        category = get_category(category_id)
        if category.pk in get_category(DEFAULT_CATEGORY_ID).path_ids:
            raise CategoryNotDeleted(category.pk)
        subtree = Category.objects.filter(Q(pk=category.pk) | Q(path__startswith=f"{category.path}/"))
        removed = subtree.count()
        ancestors = category.path_ids[:-1]
        Category.objects.filter(pk__in=ancestors).update(children_count=F("children_count") - removed)
        CategoryProduct.objects.filter(category__in=subtree).delete()
        Category.objects.filter(pk__in=list(subtree.order_by("-level").values_list("pk", flat=True))).delete()


def move_category(category_id: int, parent_id: int, after_id: int | None = None) -> None:
    """CategoryManagement::move and the resource model's changeParent: under ``parent_id``, after its child
    ``after_id`` (first when 0; when None or beyond the last active child's id, after that child)."""
    with transaction.atomic():
        lock_category_tree()
        category = get_category(category_id)
        parent = get_category(parent_id)
        children = active_children_ids(parent)
        if children:
            after_id = children[-1] if after_id is None or after_id > children[-1] else after_id
        if parent.path.startswith(f"{category.path}/"):
            raise CategoryMoveRefused(MOVE_UNDER_OWN_CHILD)
        if parent.pk == category.pk:  # Category::move's refusal, which CategoryManagement rewords
            raise CategoryMoveRefused()
        moved = category.children_count + 1
        Category.objects.filter(pk__in=category.path_ids[:-1]).update(children_count=F("children_count") - moved)
        Category.objects.filter(pk__in=parent.path_ids).update(children_count=F("children_count") + moved)
        Category.objects.filter(parent_id=category.parent_id, position__gt=category.position).update(
            position=F("position") - 1
        )
        position = 1
        if after_id:
            position = (Category.objects.filter(pk=after_id).values_list("position", flat=True).first() or 0) + 1
        Category.objects.filter(parent_id=parent.pk, position__gte=position).update(position=F("position") + 1)
        old_prefix, new_path = f"{category.path}/", f"{parent.path}/{category.pk}"
        Category.objects.filter(path__startswith=old_prefix).update(
            path=Concat(Value(f"{new_path}/"), Substr("path", len(old_prefix) + 1)),
            level=F("level") + (parent.level + 1 - category.level),
        )
        Category.objects.filter(pk=category.pk).update(
            path=new_path, level=parent.level + 1, position=position, parent_id=parent.pk
        )


def get_category_tree(root_id: int | None, depth: int | None, *, store_root: bool = True) -> CategoryNode:
    """CategoryManagement::getTree: from ``root_id`` (by default the store's root category, or for the admin
    scope ``store_root=False`` the tree root), children by position, ``depth`` levels deep (all when None)."""
    if root_id is not None:
        root = get_category(root_id)
    else:
        root = get_category(DEFAULT_CATEGORY_ID) if store_root else Category.objects.get(level=0)
    below = Category.objects.filter(path__startswith=f"{root.path}/")
    if depth is not None:
        below = below.filter(level__lte=root.level + max(depth, 0))
    nodes = {root.pk: CategoryNode(root)}
    for category in below.order_by("level", "position", "pk"):
        nodes[category.pk] = CategoryNode(category)
    for node in list(nodes.values())[1:]:
        nodes[node.category.parent_id].children.append(node)
    counts = product_counts(node.category for node in nodes.values())
    for node in nodes.values():
        node.product_count = counts[node.category.pk]
    return nodes[root.pk]


def product_counts(categories: Iterable[Category]) -> dict[int, int]:
    """Each category's product count as Magento counts an anchor category's: the distinct products linked to it
    or to any category below it. One query, whatever the number of categories."""
    categories = list(categories)
    wanted = {category.pk for category in categories}
    seen: dict[int, set[int]] = {pk: set() for pk in wanted}
    if not categories:
        return {}
    under = Q()
    for category in categories:
        under |= Q(category_id=category.pk) | Q(category__path__startswith=f"{category.path}/")
    for path, product_id in CategoryProduct.objects.filter(under).values_list("category__path", "product_id"):
        for ancestor in path.split("/"):
            if int(ancestor) in wanted:
                seen[int(ancestor)].add(product_id)
    return {pk: len(products) for pk, products in seen.items()}


# --- category-product links ---------------------------------------------------------------------------------


def get_assigned_products(category_id: int) -> list[tuple[str, int]]:
    """CategoryLinkManagement::getAssignedProducts: (sku, position) of the products directly in the category."""
    category = get_category(category_id)
    links = CategoryProduct.objects.filter(category=category).order_by("product_id")
    return list(links.values_list("product__sku", "position"))


def save_category_product_link(category_id: object, sku: str, position: int | None) -> None:
    """CategoryLinkRepository::save: put the product in the category at ``position`` (0 when not given), or move
    it there when it is already in it."""
    with transaction.atomic():
        category = get_category(category_id)
        product = _locked_product(sku)
        CategoryProduct.objects.update_or_create(
            category=category, product=product, defaults={"position": position or 0}
        )


def delete_category_product_link(category_id: int, sku: str) -> None:
    """CategoryLinkRepository::deleteByIds: take the product out of the category."""
    with transaction.atomic():
        category = get_category(category_id)
        product = _locked_product(sku)
        deleted, _ = CategoryProduct.objects.filter(category=category, product=product).delete()
        if not deleted:
            raise CategoryProductNotLinked()


def set_product_category_links(product: Product, links: Sequence[tuple[object, int | None]]) -> None:
    """The product's extension_attributes.category_links as ProductRepository::save writes them (the caller holds
    the product's lock): the product is in exactly these categories, at these positions. A category id that names
    no category is left out silently, as CategoryLink::verifyCategoryLinks does."""
    wanted: dict[int, int] = {}
    for category_id, position in links:
        text = str(category_id)
        if text.isdigit() and len(text) < 19:
            wanted[int(text)] = position or 0
    existing = set(Category.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    current = {link.category_id: link for link in CategoryProduct.objects.filter(product=product)}
    CategoryProduct.objects.filter(product=product).exclude(category_id__in=existing).delete()
    for category_id in existing:
        link = current.get(category_id)
        if link is None:
            CategoryProduct.objects.create(category_id=category_id, product=product, position=wanted[category_id])
        elif link.position != wanted[category_id]:
            link.position = wanted[category_id]
            link.save(update_fields=["position"])


def _locked_product(sku: str) -> Product:
    product = lock_product(sku)
    if product is None:
        raise ProductNotFound()
    return product
