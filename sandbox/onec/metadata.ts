/** The `$metadata` EDMX document (§1.6, exact shape of §9.2), generated from the model. */
import { ENTITY_SETS, ENUMS, type EntitySetDef, propertyOf } from './model';
import { xmlEscape } from './xml';

const a = (s: string) => xmlEscape(s);

function entityType(set: EntitySetDef): string[] {
  const keyRefs = set.keys.map((k) => `<PropertyRef Name="${a(k)}"/>`).join('');
  const lines = [
    set.kind === 'register'
      ? `<EntityType Name="${a(set.name)}">\n<Key>${keyRefs}</Key>`
      : `<EntityType Name="${a(set.name)}"><Key>${keyRefs}</Key>`,
  ];
  for (const name of set.edmxOrder) {
    const prop = propertyOf(set, name);
    if (!prop) continue;
    const nullable = set.keys.includes(name) ? 'false' : 'true';
    lines.push(`<Property Name="${a(name)}" Type="${prop.type}" Nullable="${nullable}"/>`);
  }
  for (const nav of Object.keys(set.navigation)) {
    lines.push(
      `<NavigationProperty Name="${a(nav)}" Relationship="StandardODATA.${a(set.name)}_${a(nav)}" FromRole="Begin" ToRole="End"/>`,
    );
  }
  lines.push('</EntityType>');
  return lines;
}

function associations(set: EntitySetDef): string[] {
  return Object.entries(set.navigation).map(
    ([nav, def]) =>
      `<Association Name="${a(set.name)}_${a(nav)}"><End Role="Begin" Type="StandardODATA.${a(set.name)}" Multiplicity="*"/>` +
      `<End Role="End" Type="StandardODATA.${a(def.targetSet)}" Multiplicity="0..1"/></Association>`,
  );
}

function functionImports(): string[] {
  return ENTITY_SETS.filter((s) => s.kind === 'document').flatMap((s) => [
    `<FunctionImport Name="Post" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.${a(s.name)}"/>` +
      '<Parameter Name="PostingModeOperational" Type="Edm.Boolean"/></FunctionImport>',
    `<FunctionImport Name="Unpost" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.${a(s.name)}"/></FunctionImport>`,
  ]);
}

export function metadataXml(): string {
  const enums = Object.entries(ENUMS).map(
    ([name, members]) =>
      `<EnumType Name="${a(name)}" UnderlyingType="Edm.Int32">${members.map((m) => `<Member Name="${a(m)}"/>`).join('')}</EnumType>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">',
    '<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="3.0" m:MaxDataServiceVersion="3.0">',
    '<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="StandardODATA">',
    ...ENTITY_SETS.flatMap(entityType),
    ...ENTITY_SETS.flatMap(associations),
    ...enums,
    '<EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">',
    ...ENTITY_SETS.map((s) => `<EntitySet Name="${a(s.name)}" EntityType="StandardODATA.${a(s.name)}"/>`),
    ...functionImports(),
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
