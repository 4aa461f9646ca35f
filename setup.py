from setuptools import find_packages, setup

# Versions are pinned in constraints.txt (install with `pip install -c constraints.txt`);
# the few lower/upper bounds here are the ones the code itself depends on (DESIGN §2).
requires = [
    "substanced==1.0b1",      # a bare `substanced` resolves to 1.0.post1, which does not install
    "pyramid>=1.10.8,<2",     # substanced needs the 1.x authn/authz policies
    "BTrees==6.4",            # 6.5 removed byValue, which substanced's evolve uses
    "setuptools<81",          # pyramid 1.10 and substanced import pkg_resources
    "ZODB>=6",
    "pyramid_tm",
    "pyramid_retry",
    "pyramid_chameleon",
    "pyramid_mailer",
    "pyramid_zodbconn",
    "zodburi",
    "deform>=3",
    "colander>=2",
    "waitress",
    "bcrypt",
    "python-magic",
    "pathvalidate",
    "pypdf",
    "Pillow",
    "Whoosh==2.7.4",
    "Babel",
    "charset-normalizer",
]

tests_require = [
    "pytest",
    "pytest-xdist",
    "pytest-timeout",
    "lingua",
    "ruff",
    "WebTest",
    "playwright",
    "requests",
]

# Several application servers on many machines: RelStorage on PostgreSQL (config/postgresql.ini).
postgresql_requires = [
    "RelStorage>=4",
    "psycopg2-binary",
]

setup(
    name="dmp_library",
    version="0.1.0",
    description="Dossier médical personnalisé: a patient's library of medical documents",
    package_dir={"": "src"},
    packages=find_packages("src"),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=requires,
    extras_require={"test": tests_require, "postgresql": postgresql_requires},
    entry_points={
        "paste.app_factory": ["main = dmp_library:main"],
        "console_scripts": ["dmp = dmp_library.scripts.dmp:main"],
        "zodburi.resolvers": ["filestorage = dmp_library.storage:filestorage_resolver"],
    },
)
