"""The Excel round trip: download a plan's actions, edit, upload, see the preview, apply; or see every error."""

import io

import openpyxl
import pytest

from samverkan.actions.models import Action, ActionPlan

pytestmark = pytest.mark.django_db


def download(client, plan) -> openpyxl.Workbook:
    response = client.get(f"/planer/{plan.pk}/atgarder.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client, plan, workbook):
    output = io.BytesIO()
    workbook.save(output)
    output.name = "plan.xlsx"
    output.seek(0)
    return client.post(f"/planer/{plan.pk}/importera/", {"arbetsbok": output})


def column(sheet, key: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value.endswith(f"[{key}]"))


def test_download_edit_upload_preview_and_apply(client, person, plan):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    assert sheet.max_row == 3 and sheet.cell(1, column(sheet, "title")).value == "Titel [title]"
    charging = next(row for row in range(2, 4) if sheet.cell(row, column(sheet, "title")).value.startswith("Ladd"))
    sheet.cell(charging, column(sheet, "completion")).value = 60
    sheet.append(["", "Cykelbanor till Huskvarna", "", "transporter", "", "", "", "", "", "", "ongoing", 10])
    response = upload(client, plan, workbook)
    page = response.content.decode()
    assert response.status_code == 200 and "Vad som ändras" in page
    assert "20 → 60" in page and "Cykelbanor till Huskvarna" in page and "ny åtgärd" in page
    assert plan.actions.count() == 2  # nothing yet: the preview only
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 302
    assert plan.actions.get(title="Laddstolpar vid stationen").completion == 60
    assert plan.actions.get(title="Cykelbanor till Huskvarna").sector.slug == "transporter"
    record = plan.actions.get(title="Laddstolpar vid stationen").history.first()
    assert record.history_change_reason == "Excel-arbetsbok"
    # Applying again without a new upload is refused.
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 422


def test_a_broken_workbook_lists_every_error_and_writes_nothing(client, person, plan, stockholm):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    foreign = Action.objects.create(
        plan=ActionPlan.objects.get(organization=stockholm, is_example=False), title="Stockholms", status="ongoing"
    )
    sheet.append(["", "Ny åtgärd", "", "rymdfart", "", "", "", "", "", "", "ongoing"])  # unknown sector
    sheet.append(["", "Dyr åtgärd", "", "", "", "", "", "", "", "", "ongoing", "", "", "", "många kronor"])
    sheet.append(["", "", "", "", "", "", "", "", "", "", "ongoing", 5])  # no title
    sheet.append([foreign.pk, "Kapad", "", "", "", "", "", "", "", "", "ongoing"])  # another organization's
    before = sorted(plan.actions.values_list("title", "completion"))
    response = upload(client, plan, workbook)
    page = response.content.decode()
    assert response.status_code == 422 and "4 problem hittades; inget sparades." in page
    problems = page.split('id="problems"')[1].split("</table>")[0]
    for row, text in [(4, "rymdfart"), (5, "många kronor"), (6, "måste fyllas i"), (7, str(foreign.pk))]:
        assert f"<td>{row}</td>" in problems and text in problems, (row, text)
    assert problems.count("<td>plan.xlsx</td><td>Åtgärder</td>") == 4  # each names the file and the sheet
    assert sorted(plan.actions.values_list("title", "completion")) == before
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 422  # nothing pending


def test_a_file_that_is_not_a_workbook_is_refused(client, person, plan):
    client.force_login(person("editor"))
    fake = io.BytesIO(b"inte en arbetsbok")
    fake.name = "plan.xlsx"
    response = client.post(f"/planer/{plan.pk}/importera/", {"arbetsbok": fake})
    assert response.status_code == 422 and "läsbar Excel" in response.content.decode()
    text = io.BytesIO(b"a,b")
    text.name = "plan.csv"
    assert client.post(f"/planer/{plan.pk}/importera/", {"arbetsbok": text}).status_code == 422
    assert plan.actions.count() == 2


def test_only_editors_upload(client, person, plan):
    client.force_login(person("viewer"))
    assert client.get(f"/planer/{plan.pk}/importera/").status_code == 403
    assert client.get(f"/planer/{plan.pk}/atgarder.xlsx").status_code == 200  # reading is allowed


def test_an_unchanged_workbook_changes_nothing(client, person, plan):
    """Every field of an action survives the round trip, the Covenant sector and area included."""
    Action.objects.create(
        plan=plan,
        title="Solceller på förskolor",
        status="ongoing",
        covenant_sector="LOCAL_ELECTRICITY_PRODUCTION",
        area_id="LOCAL_ELECTRICITY_PRODUCTION_PHOTOVOLTAICS",
        start="2026-02-01",
        end="2027-06-30",
        effect_t_co2e=12.5,
        cost_sek=1_200_000,
        public=False,
    )
    client.force_login(person("editor"))
    response = upload(client, plan, download(client, plan))
    assert response.status_code == 200 and "Arbetsboken ändrar ingenting." in response.content.decode()


def test_ids_and_yes_no_cells_that_are_wrong_are_named(client, person, plan):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    first = sheet.cell(2, column(sheet, "id")).value
    sheet.append([first, "Samma åtgärd igen", "", "", "", "", "", "", "", "", "ongoing"])  # row 4: a second row for it
    sheet.append(["²", "Konstigt id", "", "", "", "", "", "", "", "", "ongoing"])  # row 5
    sheet.append([99999999999999999999, "Jätte-id", "", "", "", "", "", "", "", "", "ongoing"])  # row 6
    sheet.cell(3, column(sheet, "public")).value = "kanske"  # row 3
    response = upload(client, plan, workbook)
    page = response.content.decode()
    assert response.status_code == 422 and "4 problem hittades; inget sparades." in page
    problems = page.split('id="problems"')[1].split("</table>")[0]
    for row, text in [(3, "ja eller nej"), (4, "varje åtgärd på en enda rad"), (5, "²"), (6, "id för en åtgärd")]:
        assert f"<td>{row}</td>" in problems and text in problems, (row, text)
    assert plan.actions.count() == 2


def test_a_workbook_without_some_columns_keeps_those_values(client, person, plan):
    """Only title and status are required: a column left out keeps each action's value (an internal one stays so)."""
    internal = Action.objects.create(
        plan=plan, title="Intern åtgärd", description="Bara för förvaltningen.", status="ongoing", public=False
    )
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    for key in ("public", "description"):
        sheet.delete_cols(column(sheet, key))
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column(sheet, "title")).value == "Intern åtgärd")
    sheet.cell(row, column(sheet, "completion")).value = 35
    response = upload(client, plan, workbook)
    assert response.status_code == 200 and "35" in response.content.decode()
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 302
    internal.refresh_from_db()
    assert (internal.completion, internal.public, internal.description) == (35, False, "Bara för förvaltningen.")


def test_a_change_made_after_the_preview_is_not_overwritten(client, person, plan):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    row = next(r for r in range(2, 4) if sheet.cell(r, column(sheet, "title")).value.startswith("Ladd"))
    sheet.cell(row, column(sheet, "completion")).value = 60
    assert upload(client, plan, workbook).status_code == 200  # the preview
    charging = plan.actions.get(title="Laddstolpar vid stationen")
    colleague = client.post(  # a colleague edits the same action in the plan's table meanwhile
        f"/atgarder/{charging.pk}/rad/", {"status": "ongoing", "completion": "45"}, HTTP_HX_REQUEST="true"
    )
    assert colleague.status_code == 200
    applied = client.post(f"/planer/{plan.pk}/importera/tillampa/")
    assert applied.status_code == 422 and f"Rad {row}" in applied.content.decode()
    charging.refresh_from_db()
    assert charging.completion == 45


def test_a_workbook_with_an_implausible_number_names_row_column_value_and_range(client, person, plan):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    sheet.append(["", "Orimligt dyr", "", "", "", "", "", "", "", "", "ongoing"])
    sheet.cell(4, column(sheet, "cost_sek")).value = 1e300
    sheet.append(["", "Negativ energi", "", "", "", "", "", "", "", "", "ongoing"])
    sheet.cell(5, column(sheet, "effect_mwh")).value = -5
    before = sorted(plan.actions.values_list("title", "cost_sek", "effect_mwh"))
    response = upload(client, plan, workbook)
    page = response.content.decode()
    assert response.status_code == 422 and "2 problem hittades; inget sparades." in page
    problems = page.split('id="problems"')[1].split("</table>")[0]
    assert (
        "<td>4</td>" in problems
        and "1e+300 är inte rimligt" in problems
        and "1\u00a0000\u00a0000\u00a0000\u00a0000" in problems
    )
    assert "<td>5</td>" in problems and "-5.0 är inte rimligt" in problems and "MWh per år" in problems
    assert sorted(plan.actions.values_list("title", "cost_sek", "effect_mwh")) == before


def test_the_workbook_shows_swedish_meanings_with_dropdowns_of_the_valid_values(client, person, plan):
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    statuses = {sheet.cell(row, column(sheet, "status")).value for row in (2, 3)}
    assert statuses <= {"Ej påbörjad", "Pågår", "Genomförd", "Uppskjuten", "Avbruten"} and statuses
    assert sheet.cell(2, column(sheet, "sector")).value in {"Transporter", "El och fjärrvärme", None}
    letters = {key: sheet.cell(1, column(sheet, key)).column_letter for key in ("status", "area", "public")}
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    status = validations[f"{letters['status']}2"]
    assert status.type == "list" and status.formula1.startswith("'Koder'!$C$")
    codes = workbook["Koder"]
    first, last = (int(part.split("$")[-1]) for part in status.formula1.split("!")[1].split(":"))
    listed = [codes.cell(row, 3).value for row in range(first, last + 1)]
    assert listed == ["Ej påbörjad", "Pågår", "Genomförd", "Uppskjuten", "Avbruten"]
    assert {f"{letters['area']}2", f"{letters['public']}2"} <= set(validations)
    assert len(validations) == 6  # sector, area, status, policy type, Covenant sector, public
    area = validations[f"{letters['area']}2"].formula1.split("!")[1].split(":")
    assert int(area[1].split("$")[-1]) - int(area[0].split("$")[-1]) + 1 == 63  # every area of intervention


def test_genomförd_and_the_other_swedish_and_english_meanings_are_read_back(client, person, plan):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    row = next(r for r in range(2, 4) if sheet.cell(r, column(sheet, "title")).value.startswith("Ladd"))
    sheet.cell(row, column(sheet, "status")).value = "genomförd"
    sheet.cell(row, column(sheet, "effect_mwh")).value = "1 205,5"  # typed as text, the Swedish way
    sheet.append(["", "Cykelbanor till Tenhult", "", "Transporter", "", "", "", "", "", "", "Ongoing"])
    sheet.cell(4, column(sheet, "policy_type")).value = "Fysisk planering"
    sheet.cell(4, column(sheet, "area")).value = "TRANSPORT_CLEANER_EFFICIENT_VEHICLES"  # a code still reads
    response = upload(client, plan, workbook)
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 302
    charging = plan.actions.get(title="Laddstolpar vid stationen")
    assert (charging.status, charging.effect_mwh) == ("completed", 1205.5)
    bikes = plan.actions.get(title="Cykelbanor till Tenhult")
    assert (bikes.status, bikes.sector.slug, bikes.policy_type) == ("ongoing", "transporter", "LAND_USE_PLANNING")
    assert bikes.area_id == "TRANSPORT_CLEANER_EFFICIENT_VEHICLES"


@pytest.mark.parametrize(
    ("language", "listed"),
    [
        ("sv", "ett av: Ej påbörjad, Pågår, Genomförd, Uppskjuten, Avbruten"),
        ("en", "one of: Not started, Ongoing, Completed, Postponed, Cancelled"),
    ],
)
def test_a_refused_value_lists_every_valid_value(client, person, plan, language, listed):
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    sheet.append(["", "Klar åtgärd", "", "", "", "", "", "", "", "", "klar"])  # row 4
    sheet.append(["", "Rymdåtgärd", "", "rymdfart", "", "", "", "", "", "", "ongoing"])  # row 5
    sheet.cell(5, column(sheet, "effect_t_co2e")).value = "1,205" if language == "en" else "1.205"
    client.cookies["samverkan_language"] = language
    response = upload(client, plan, workbook)
    problems = response.content.decode().split('id="problems"')[1].split("</table>")[0]
    assert response.status_code == 422 and listed in problems
    sectors = "ett av: Transporter" if language == "sv" else "one of: Transport"
    assert "<td>5</td>" in problems and sectors in problems
    assert ("could mean 1205 or 1.205" if language == "en" else "kan betyda 1205 eller 1,205") in problems
    assert plan.actions.count() == 2
