"""Annotations read without an adapter lookup.

An adapter lookup on a Dexterity item works out the interfaces its schema
and behaviors provide, every time: it costs more than the lock checks that
read the item's lock table. Plone's content, its site root and Zope's
requests keep their annotations as attributes (zope.annotation's
``AttributeAnnotations``), so where the class says so they are adapted
directly; anything else is adapted as usual.
"""

from Acquisition import aq_base
from zope.annotation.attribute import AttributeAnnotations
from zope.annotation.interfaces import IAnnotations
from zope.annotation.interfaces import IAttributeAnnotatable


def annotations_of(obj):
    """``IAnnotations(obj)`` (of the object itself, not its acquisition
    wrapper), or None where it has none."""
    if obj is None:
        return None
    bare = aq_base(obj)
    if IAttributeAnnotatable.implementedBy(type(bare)):
        return AttributeAnnotations(bare)
    return IAnnotations(bare, None)
