"""Installer for the collective.locking package."""

from pathlib import Path
from setuptools import find_namespace_packages
from setuptools import setup


long_description = "\n\n".join(
    Path(name).read_text(encoding="utf-8") for name in ("README.rst", "CHANGES.rst")
)

setup(
    name="collective.locking",
    version="1.0.0a1.dev0",
    description="Resource and fragment locking for Plone's REST API",
    long_description=long_description,
    long_description_content_type="text/x-rst",
    classifiers=[
        "Development Status :: 3 - Alpha",
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Operating System :: OS Independent",
        "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
    ],
    keywords="Python Plone CMS REST locking",
    author="collective.locking developers",
    author_email="collective@plone.org",
    url="https://github.com/collective/collective.locking",
    license="GPL version 2",
    packages=find_namespace_packages("src", include=["collective.*"]),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.10",
    install_requires=[
        "setuptools",
        "Products.CMFPlone>=6.1",
        "plone.api",
        "plone.app.lockingbehavior",
        "plone.dexterity",
        "plone.protect",
        "plone.app.registry",
        "plone.browserlayer",
        "plone.locking",
        "plone.rest",
        "plone.restapi>=9",
    ],
    extras_require={
        "test": [
            "hypothesis",
            "plone.app.testing",
            "psycopg2-binary",
            "RelStorage",
            "ZEO",
            "plone.app.contenttypes",
            "plone.restapi[test]",
            "plone.volto",
            "plonetheme.barceloneta",
            "pytest",
            "pytest-plone",
            "requests",
            "supervisor",
            "zope.testrunner",
            # scripts/instance.py renders the vendored cookiecutter-zope-instance.
            "cookiecutter",
            # Releasing: make release-check.
            "build",
            "check-manifest",
            "towncrier",
            "twine",
        ],
        "docs": [
            "Sphinx",
            "myst-parser",
            "sphinxcontrib-httpdomain",
            "sphinxcontrib-httpexample",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
    },
)
