"""SolrCloud: the archive's distributed search engine beside the embedded Whoosh default.

`admin` talks to a cluster's Collections and Configsets APIs (configset upload, collection creation,
health); it imports nothing from Django, so it works against any cluster, the local one (`make solr`)
or a production one.
"""
