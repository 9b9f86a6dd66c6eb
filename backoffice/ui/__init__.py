"""Magento_Ui's bookmarks (table ``ui_bookmark``): each admin user's grid views and column choice. Plumbing for every
grid (backoffice.admin_grids.GridAdmin); imports no domain app."""
