"""MSI's inventory routes, one module per resource (paths as in MSI's etc/webapi.xml); acl.py names their ACL resources. urls.py mounts them."""
