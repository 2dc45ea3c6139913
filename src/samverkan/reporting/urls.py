from django.urls import path

from .views import published, rounds, submissions

app_name = "reporting"
BASE = "natverk/<slug:slug>/rapportering/"
urlpatterns = [
    path(BASE, rounds.round_list, name="rounds"),
    path(f"{BASE}omgangar/ny/", rounds.round_edit, name="round_new"),
    path(f"{BASE}omgangar/<int:pk>/", rounds.round_edit, name="round_edit"),
    path(f"{BASE}omgangar/<int:pk>/stang/", rounds.round_close, name="round_close"),
    path(f"{BASE}uppfoljning/", rounds.follow_up_page, name="follow_up"),
    path(f"{BASE}publicerade/", published.published, name="published"),
    path(f"{BASE}omgangar/<int:round_id>/starta/<int:organization_id>/", submissions.start, name="start"),
    path(f"{BASE}rapporter/<int:pk>/", submissions.submission_page, name="submission"),
    path(f"{BASE}rapporter/<int:pk>/utkast/", submissions.draft, name="draft"),
    path(f"{BASE}rapporter/<int:pk>/rapport.pdf", submissions.download, {"extension": "pdf"}, name="pdf"),
    path(f"{BASE}rapporter/<int:pk>/rapport.xlsx", submissions.download, {"extension": "xlsx"}, name="xlsx"),
    path(f"{BASE}rapporter/<int:pk>/utkast.pdf", submissions.draft_download, {"extension": "pdf"}, name="draft_pdf"),
    path(f"{BASE}rapporter/<int:pk>/utkast.xlsx", submissions.draft_download, {"extension": "xlsx"}, name="draft_xlsx"),
    path(f"{BASE}rapporter/<int:pk>/beslut/", submissions.decide, name="decide"),
    path("organisationer/<int:pk>/rapportering/", submissions.organization_reports, name="organization_reports"),
]
