"""One pagination for every list: `limit` (100 by default, at most 500) and `offset`, answered as count and items.

A network's members are a list of their own, a page at a time; the network's own answer no longer carries them.
"""

import pytest

from samverkan.networks.models import Membership

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/municipalities",
    "/api/v1/counties",
    "/api/v1/emission-releases",
    "/api/v1/emissions/ranking",
    "/api/v1/progress",
    "/api/v1/networks",
    "/api/v1/networks/borgmastaravtalet/members",
    "/api/v1/networks/borgmastaravtalet/criteria",
    "/api/v1/municipalities/0680/networks",
    "/api/v1/actions",
    "/api/v1/municipalities/0680/action-plans",
    "/api/v1/indicators",
]


def test_a_network_is_listed_a_page_at_a_time_with_the_count_of_all_its_members(client, django_assert_max_num_queries):
    covenant = Membership.objects.filter(network__slug="borgmastaravtalet")
    by_name = list(covenant.order_by("organization__name", "pk").values_list("pk", flat=True))
    assert len(by_name) > 60
    with django_assert_max_num_queries(5):  # the network, the count, the page, its commitments and groups
        first = client.get("/api/v1/networks/borgmastaravtalet/members", {"limit": 30}).json()
    assert first["count"] == covenant.count() == len(by_name)
    assert [m["id"] for m in first["items"]] == by_name[:30]
    following = client.get("/api/v1/networks/borgmastaravtalet/members", {"limit": 30, "offset": 30}).json()
    assert following["count"] == len(by_name)
    assert [m["id"] for m in following["items"]] == by_name[30:60]
    last = client.get("/api/v1/networks/borgmastaravtalet/members", {"limit": 30, "offset": 60}).json()
    assert [m["id"] for m in last["items"]] == by_name[60:90]
    default = client.get("/api/v1/networks/borgmastaravtalet/members").json()
    assert [m["id"] for m in default["items"]] == by_name[:100]  # 100 a page unless asked


def test_a_limit_over_the_maximum_of_500_is_refused_naming_it_not_clamped(client):
    for path in LISTS:
        response = client.get(path, {"limit": 501})
        assert response.status_code == 422, path
        assert response.json()["errors"] == [
            {"location": ["query", "limit"], "message": "Input should be less than or equal to 500"}
        ], path
    assert client.get("/api/v1/municipalities", {"limit": 0}).status_code == 422
    assert client.get("/api/v1/municipalities", {"offset": -1}).json()["errors"][0]["location"] == ["query", "offset"]
    full = client.get("/api/v1/municipalities", {"limit": 500}).json()
    assert full["count"] == len(full["items"]) == 290


def test_every_list_pages_the_same_way(client):
    for path in LISTS:
        whole = client.get(path, {"limit": 500}).json()
        assert len(whole["items"]) == min(whole["count"], 500) and whole["count"] >= 1, path
        second = client.get(path, {"limit": 1, "offset": 1}).json()
        assert second["count"] == whole["count"] and second["items"] == whole["items"][1:2], path
        past = client.get(path, {"offset": whole["count"]}).json()
        assert past["count"] == whole["count"] and past["items"] == [], path


def test_a_ranking_and_progress_carry_their_release_beside_the_page(client):
    ranking = client.get("/api/v1/emissions/ranking", {"limit": 3}).json()
    assert set(ranking) == {"release", "year", "unit", "count", "items"}
    assert ranking["count"] == 290 and len(ranking["items"]) == 3 and ranking["release"]["default"] is True
    progress = client.get("/api/v1/progress", {"limit": 3, "offset": 288}).json()
    assert set(progress) == {"release", "as_of", "unit", "count", "items"}
    assert progress["count"] == 290 and len(progress["items"]) == 2


def test_the_action_library_pages_by_offset_across_its_own_pages(client):
    whole = client.get("/api/v1/actions", {"limit": 40}).json()
    assert whole["count"] > 40
    window = client.get("/api/v1/actions", {"limit": 15, "offset": 10}).json()
    assert [a["id"] for a in window["items"]] == [a["id"] for a in whole["items"][10:25]]
    assert window["count"] == whole["count"]


def test_the_openapi_document_marks_every_write_and_only_the_writes_with_the_bearer_token(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    operations = [(path, method, op) for path, methods in document["paths"].items() for method, op in methods.items()]
    writes = [(path, method) for path, method, op in operations if op.get("security") == [{"TokenAuth": []}]]
    assert sorted(writes) == sorted((path, method) for path, method, _op in operations if method != "get")
    assert len(writes) == 19
    assert ("/api/v1/targets/{target_id}", "patch") in writes and ("/api/v1/targets/{target_id}", "delete") in writes
    assert all("security" not in op for _path, method, op in operations if method == "get")
    members = document["paths"]["/api/v1/networks/borgmastaravtalet/members".replace("borgmastaravtalet", "{slug}")]
    limit = next(p for p in members["get"]["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["default"], limit["schema"]["maximum"]) == (100, 500)


def test_a_path_with_reads_and_writes_answers_both_and_lists_both_when_refusing(client):
    response = client.put("/api/v1/targets/1", {}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "DELETE, GET, PATCH"
    assert client.patch("/api/v1/targets/1", {}, content_type="application/json").status_code == 401
