"""Golden signature tests: the vendor's SCIMApi doc page is the source of truth.

``docpage`` parses the vendor's Ruby SDK page (``SCIMApi.md``) into typed
records, ``signatures`` renders those records (or the generated
``genesys_cloud_scim`` package, by introspection) into one comparable text
format, ``signatures.txt`` is the committed rendering of the page, and
``update_signatures`` rewrites it.
"""
