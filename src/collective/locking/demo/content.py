"""The demo's pages and editors, as the documentation shows them."""

from collective.locking.demo.site import _log


#: Demo editors, as in the documentation's examples: login, password, name.
DEMO_USERS = (
    ("alice", "alice-secret", "Alice Liddell"),
    ("bob", "bob-secret", "Bob Cratchit"),
)

#: A page: id, title, description and its text blocks, (block id, text).
#: Each page also gets a title block with the id ``title``.
DEMO_FOLDER = (
    "demo",
    "Demo",
    "Pages to try collective.locking with.",
    [("intro", "Each page in here is published: lock it, edit it, steal its lock.")],
)
DEMO_PAGES = (
    (
        "meeting-notes",
        "Meeting notes",
        "Notes that two editors keep at the same time.",
        [
            (
                "agenda",
                "Lock the whole page with POST @lock, or only one field or block "
                "with a fragment lock, and a second editor can still edit the others.",
            ),
            (
                "minutes",
                "Try it: lock the title as one user and the description as another.",
            ),
        ],
    ),
    (
        "release-plan",
        "Release plan",
        "A page to lock while you plan.",
        [
            ("owners", "Only the owner of a lock ever sees its token."),
            ("timeouts", "Locks can be made not stealable and given their own timeout."),
        ],
    ),
    (
        "style-guide",
        "Style guide",
        "A page for strict lock handling.",
        [
            (
                "headings",
                "Send 'Prefer: handling=strict' and a write to a page locked by "
                "someone else is refused instead of quietly ignored.",
            ),
            ("links", "Two editors can lock two blocks of this page at once."),
        ],
    ),
)
ROOT_PAGE = (
    "welcome",
    "Welcome to collective.locking",
    "Resource and fragment locks for Plone's REST API.",
    [
        ("intro", "This demo site was made by 'make start'."),
        ("try-it", "The folder 'Demo' holds pages to lock and edit with two users."),
    ],
)


def blocks_for(paragraphs):
    """Volto blocks: a title block ``title``, then one slate block per
    paragraph, with the paragraph's block id."""
    blocks = {"title": {"@type": "title"}}
    for block_id, text in paragraphs:
        blocks[block_id] = {
            "@type": "slate",
            "plaintext": text,
            "value": [{"type": "p", "children": [{"text": text}]}],
        }
    return blocks, {"items": list(blocks)}


def add_page(container, page_id, title, description, paragraphs):
    from plone import api
    from plone.app.textfield.value import RichTextValue

    blocks, layout = blocks_for(paragraphs)
    page = api.content.create(
        container=container,
        type="Document",
        id=page_id,
        title=title,
        description=description,
        blocks=blocks,
        blocks_layout=layout,
    )
    if hasattr(page, "text"):  # a Document type with a rich text field
        html = "".join(f"<p>{text}</p>" for _id, text in paragraphs)
        page.text = RichTextValue(html, "text/html", "text/x-html-safe")
        page.reindexObject()
    return page


def publish(obj):
    from plone import api

    if api.content.get_state(obj=obj, default=None) != "published":
        api.content.transition(obj=obj, to_state="published")


def ensure_demo_content(site, admin="admin", log=None):
    """The demo folder, its pages and the root page, published, made by
    ``admin``; returns the items added."""
    from plone import api

    added = []
    with api.env.adopt_user(username=admin):
        folder = site.get(DEMO_FOLDER[0])
        if folder is None:
            # plone.volto makes Document folderish and Folder not addable.
            folder = add_page(site, *DEMO_FOLDER)
            added.append(folder)
        for page_id, title, description, paragraphs in DEMO_PAGES:
            if page_id not in folder:
                added.append(add_page(folder, page_id, title, description, paragraphs))
        if ROOT_PAGE[0] not in site:
            added.append(add_page(site, *ROOT_PAGE))
        for obj in added:
            publish(obj)
    if added:
        paths = ", ".join("/".join(obj.getPhysicalPath()[2:]) for obj in added)
        _log(log, f"added demo content: {paths}")
    else:
        _log(log, "demo content exists")
    return added


def ensure_demo_users(site, log=None):
    """The demo editors, site users with the Editor role and their full
    names (the password is reset if they exist)."""
    acl_users = site.acl_users
    membership = site.portal_membership
    for login, password, fullname in DEMO_USERS:
        if acl_users.getUserById(login) is None:
            acl_users.userFolderAddUser(login, password, ["Member", "Editor"], [])
            _log(log, f"added demo user {login!r}")
        else:
            acl_users.source_users.updateUserPassword(login, password)
        membership.getMemberById(login).setMemberProperties({"fullname": fullname})
