/** The 1C sandbox's `$metadata`: checklist items #9–12 and the exact document (test/onec/fixtures/metadata.xml). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startClient, type TestClient } from './helpers';

/**
 * The exact `$metadata` document the 1C standard OData interface publishes for our objects (the shape a real
 * 1C:Enterprise 8.3 server prints for this configuration), kept as the project's own fixture.
 */
const EXPECTED = new URL('./fixtures/metadata.xml', import.meta.url);

describe('1C sandbox: $metadata', () => {
  let c: TestClient;
  let xml = '';
  before(async () => {
    c = await startClient();
    const res = await c.get('$metadata');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
    xml = res.text;
  });
  after(() => c.sb.close());

  it('#9 EDMX 1.0, DataServiceVersion 3.0, StandardODATA schema, EnterpriseV8 container, set = type', () => {
    assert.match(
      xml,
      /<edmx:Edmx xmlns:edmx="http:\/\/schemas.microsoft.com\/ado\/2007\/06\/edmx" Version="1.0">/,
    );
    assert.match(xml, /m:DataServiceVersion="3.0" m:MaxDataServiceVersion="3.0"/);
    assert.match(
      xml,
      /<Schema xmlns="http:\/\/schemas.microsoft.com\/ado\/2009\/11\/edm" Namespace="StandardODATA">/,
    );
    assert.match(xml, /<EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">/);
    assert.match(xml, /<EntitySet Name="Document_Заявка" EntityType="StandardODATA.Document_Заявка"\/>/);
    assert.equal((xml.match(/<Schema /g) ?? []).length, 1);
  });

  it('#10 Ref_Key not nullable, others nullable, enums as Edm.String, EnumType without prefix', () => {
    assert.match(xml, /<Property Name="Ref_Key" Type="Edm.Guid" Nullable="false"\/>/);
    assert.match(xml, /<Property Name="Описание" Type="Edm.String" Nullable="true"\/>/);
    assert.match(xml, /<Property Name="ТипКонтрагента" Type="Edm.String" Nullable="true"\/>/);
    assert.match(
      xml,
      /<EnumType Name="ТипыКонтрагентов" UnderlyingType="Edm.Int32"><Member Name="ФизическоеЛицо"\/>/,
    );
    assert.doesNotMatch(xml, /Enum_/);
  });

  it('#11 reference attribute: _Key + NavigationProperty + Association (*, 0..1)', () => {
    assert.match(xml, /<Property Name="Статус_Key" Type="Edm.Guid" Nullable="true"\/>/);
    assert.match(
      xml,
      /<NavigationProperty Name="Статус" Relationship="StandardODATA.Document_Заявка_Статус" FromRole="Begin" ToRole="End"\/>/,
    );
    assert.match(
      xml,
      /<Association Name="Document_Заявка_Статус"><End Role="Begin" Type="StandardODATA.Document_Заявка" Multiplicity="\*"\/><End Role="End" Type="StandardODATA.Catalog_СтатусыЗаявок" Multiplicity="0..1"\/><\/Association>/,
    );
  });

  it('#12 Post/Unpost are bindable side-effecting FunctionImports', () => {
    assert.match(
      xml,
      /<FunctionImport Name="Post" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.Document_Заявка"\/><Parameter Name="PostingModeOperational" Type="Edm.Boolean"\/><\/FunctionImport>/,
    );
    assert.match(xml, /<FunctionImport Name="Unpost" IsBindable="true" IsSideEffecting="true">/);
  });

  it('the document is served exactly as the fixture lists it', () => {
    assert.equal(xml.trimEnd(), readFileSync(EXPECTED, 'utf8').trimEnd());
  });

  it('$metadata only answers GET (405/19) and keeps DataServiceVersion header', async () => {
    const res = await c.call('POST', '$metadata?$format=json', { body: {} });
    assert.equal(res.status, 405);
    assert.equal(res.json()['odata.error'] !== undefined, true);
    const ok = await c.get('$metadata');
    assert.equal(ok.headers.get('dataserviceversion'), '3.0');
  });
});
