from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts, collections, searches

app_name = "research"

urlpatterns = [
    path("", accounts.account, name="account"),
    path("sign-in/", accounts.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-up/", accounts.sign_up, name="signup"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="research/password_change.html", success_url="/research/?password=changed"
        ),
        name="password_change",
    ),
    path("sign-out-everywhere/", accounts.sign_out_everywhere, name="sign_out_everywhere"),
    path("token/new/", accounts.issue_token, name="issue_token"),
    path("token/revoke/", accounts.revoke_token, name="revoke_token"),
    path("searches/", searches.search_list, name="searches"),
    path("searches/new/", searches.search_new, name="search_new"),
    path("searches/<int:pk>/", searches.search_detail, name="search_detail"),
    path("searches/<int:pk>/new-feed/", searches.search_new_feed, name="search_new_feed"),
    path("searches/<int:pk>/delete/", searches.search_delete, name="search_delete"),
    path("feed/<str:token>/", searches.SavedSearchFeed(), name="search_feed"),
    path("collections/", collections.collection_list, name="collections"),
    path("collections/add/", collections.item_add, name="item_add"),
    path("collections/<int:pk>/", collections.collection_detail, name="collection_detail"),
    path("collections/<int:pk>/share/", collections.collection_share, name="collection_share"),
    path("collections/<int:pk>/delete/", collections.collection_delete, name="collection_delete"),
    path("collections/<int:pk>/export.<str:fmt>", collections.collection_export, name="collection_export"),
    path("collections/<int:pk>/items/<int:article>/", collections.item_edit, name="item_edit"),
    path("collections/<int:pk>/items/<int:article>/remove/", collections.item_remove, name="item_remove"),
    path("shared/<str:token>/", collections.shared, name="shared"),
    path("shared/<str:token>/export.<str:fmt>", collections.shared_export, name="shared_export"),
]
