// SPDX-License-Identifier: Apache-2.0
#include "ngsild/jsonld/detail/core_terms.h"

#include <array>

namespace cityos::ngsild::detail {
namespace {

using k = term_value_kind;

struct core_term {
  std::string_view term;
  std::string_view iri;  // compact ("ngsi-ld:x", "geojson:x"), absolute, keyword or bare
  term_value_kind kind;
};

// The term definitions of https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld.
// "@container" is irrelevant to term <-> IRI mapping and left out; datatypes
// ("DateTime") count as plain.
constexpr std::array kCoreTerms = std::to_array<core_term>({
    {"id", "@id", k::plain}, {"type", "@type", k::plain},
    {"Attribute", "ngsi-ld:Attribute", k::plain},
    {"AttributeList", "ngsi-ld:AttributeList", k::plain},
    {"ContextSourceIdentity", "ngsi-ld:ContextSourceIdentity", k::plain},
    {"ContextSourceNotification", "ngsi-ld:ContextSourceNotification", k::plain},
    {"ContextSourceRegistration", "ngsi-ld:ContextSourceRegistration", k::plain},
    {"Date", "ngsi-ld:Date", k::plain}, {"DateTime", "ngsi-ld:DateTime", k::plain},
    {"EntityType", "ngsi-ld:EntityType", k::plain},
    {"EntityTypeInfo", "ngsi-ld:EntityTypeInfo", k::plain},
    {"EntityTypeList", "ngsi-ld:EntityTypeList", k::plain},
    {"Feature", "geojson:Feature", k::plain},
    {"FeatureCollection", "geojson:FeatureCollection", k::plain},
    {"GeoProperty", "ngsi-ld:GeoProperty", k::plain},
    {"GeometryCollection", "geojson:GeometryCollection", k::plain},
    {"JsonProperty", "ngsi-ld:JsonProperty", k::plain},
    {"LanguageProperty", "ngsi-ld:LanguageProperty", k::plain},
    {"LineString", "geojson:LineString", k::plain},
    {"ListProperty", "ngsi-ld:ListProperty", k::plain},
    {"ListRelationship", "ngsi-ld:ListRelationship", k::plain},
    {"MultiLineString", "geojson:MultiLineString", k::plain},
    {"MultiPoint", "geojson:MultiPoint", k::plain},
    {"MultiPolygon", "geojson:MultiPolygon", k::plain},
    {"Notification", "ngsi-ld:Notification", k::plain},
    {"Point", "geojson:Point", k::plain}, {"Polygon", "geojson:Polygon", k::plain},
    {"Property", "ngsi-ld:Property", k::plain},
    {"Relationship", "ngsi-ld:Relationship", k::plain},
    {"Subscription", "ngsi-ld:Subscription", k::plain},
    {"TemporalProperty", "ngsi-ld:TemporalProperty", k::plain},
    {"Time", "ngsi-ld:Time", k::plain}, {"VocabProperty", "ngsi-ld:VocabProperty", k::plain},
    {"accept", "ngsi-ld:accept", k::plain},
    {"attributeCount", "attributeCount", k::plain},
    {"attributeDetails", "attributeDetails", k::plain},
    {"attributeList", "ngsi-ld:attributeList", k::vocab},
    {"attributeName", "ngsi-ld:attributeName", k::vocab},
    {"attributeNames", "ngsi-ld:attributeNames", k::vocab},
    {"attributeTypes", "ngsi-ld:attributeTypes", k::vocab},
    {"attributes", "ngsi-ld:attributes", k::vocab}, {"attrs", "ngsi-ld:attrs", k::plain},
    {"avg", "ngsi-ld:avg", k::plain}, {"bbox", "geojson:bbox", k::plain},
    {"cacheDuration", "ngsi-ld:cacheDuration", k::plain},
    {"containedBy", "ngsi-ld:isContainedBy", k::plain},
    {"contextSourceAlias", "ngsi-ld:contextSourceAlias", k::plain},
    {"contextSourceExtras", "ngsi-ld:contextSourceExtras", k::json},
    {"contextSourceInfo", "ngsi-ld:contextSourceInfo", k::plain},
    {"contextSourceTimeAt", "ngsi-ld:contextSourceTimeAt", k::plain},
    {"contextSourceUptime", "ngsi-ld:contextSourceUptime", k::plain},
    {"cooldown", "ngsi-ld:cooldown", k::plain},
    {"coordinates", "geojson:coordinates", k::plain},
    {"createdAt", "ngsi-ld:createdAt", k::plain}, {"csf", "ngsi-ld:csf", k::plain},
    {"data", "ngsi-ld:data", k::plain}, {"dataset", "ngsi-ld:hasDataset", k::plain},
    {"datasetId", "ngsi-ld:datasetId", k::id}, {"deletedAt", "ngsi-ld:deletedAt", k::plain},
    {"description", "http://purl.org/dc/terms/description", k::plain},
    {"detail", "ngsi-ld:detail", k::plain},
    {"distinctCount", "ngsi-ld:distinctCount", k::plain},
    {"endAt", "ngsi-ld:endAt", k::plain}, {"endTimeAt", "ngsi-ld:endTimeAt", k::plain},
    {"endpoint", "ngsi-ld:endpoint", k::plain}, {"entities", "ngsi-ld:entities", k::plain},
    {"entity", "ngsi-ld:entity", k::plain}, {"entityCount", "ngsi-ld:entityCount", k::plain},
    {"entityId", "ngsi-ld:entityId", k::id}, {"entityList", "ngsi-ld:entityList", k::plain},
    {"entityMap", "ngsi-ld:hasEntityMap", k::plain}, {"error", "ngsi-ld:error", k::plain},
    {"errors", "ngsi-ld:errors", k::plain}, {"expiresAt", "ngsi-ld:expiresAt", k::plain},
    {"features", "geojson:features", k::plain}, {"format", "ngsi-ld:format", k::plain},
    {"geoQ", "ngsi-ld:geoQ", k::plain}, {"geometry", "geojson:geometry", k::plain},
    {"geoproperty", "ngsi-ld:geoproperty", k::plain}, {"georel", "ngsi-ld:georel", k::plain},
    {"idPattern", "ngsi-ld:idPattern", k::plain},
    {"information", "ngsi-ld:information", k::plain},
    {"instanceId", "ngsi-ld:instanceId", k::id}, {"isActive", "ngsi-ld:isActive", k::plain},
    {"join", "ngsi-ld:join", k::plain}, {"joinLevel", "ngsi-ld:hasJoinLevel", k::plain},
    {"json", "ngsi-ld:hasJSON", k::json}, {"jsonKeys", "ngsi-ld:jsonKeys", k::plain},
    {"jsons", "ngsi-ld:jsons", k::plain}, {"key", "ngsi-ld:hasKey", k::plain},
    {"lang", "ngsi-ld:lang", k::plain}, {"languageMap", "ngsi-ld:hasLanguageMap", k::plain},
    {"languageMaps", "ngsi-ld:hasLanguageMaps", k::plain},
    {"lastFailure", "ngsi-ld:lastFailure", k::plain},
    {"lastNotification", "ngsi-ld:lastNotification", k::plain},
    {"lastSuccess", "ngsi-ld:lastSuccess", k::plain},
    {"linkedMaps", "ngsi-ld:linkedMaps", k::plain},
    {"localOnly", "ngsi-ld:localOnly", k::plain}, {"location", "ngsi-ld:location", k::plain},
    {"management", "ngsi-ld:management", k::plain},
    {"managementInterval", "ngsi-ld:managementInterval", k::plain},
    {"max", "ngsi-ld:max", k::plain}, {"min", "ngsi-ld:min", k::plain},
    {"mode", "ngsi-ld:mode", k::plain}, {"modifiedAt", "ngsi-ld:modifiedAt", k::plain},
    {"notification", "ngsi-ld:notification", k::plain},
    {"notificationTrigger", "ngsi-ld:notificationTrigger", k::plain},
    {"notifiedAt", "ngsi-ld:notifiedAt", k::plain},
    {"notifierInfo", "ngsi-ld:notifierInfo", k::plain},
    {"notUpdated", "ngsi-ld:notUpdated", k::plain},
    {"object", "ngsi-ld:hasObject", k::id}, {"objectList", "ngsi-ld:hasObjectList", k::plain},
    {"objects", "ngsi-ld:hasObjects", k::plain},
    {"objectsLists", "ngsi-ld:hasObjectsLists", k::plain},
    {"objectType", "ngsi-ld:hasObjectType", k::vocab},
    {"observationInterval", "ngsi-ld:observationInterval", k::plain},
    {"observationSpace", "ngsi-ld:observationSpace", k::plain},
    {"observedAt", "ngsi-ld:observedAt", k::plain},
    {"omit", "ngsi-ld:omit", k::plain}, {"operationSpace", "ngsi-ld:operationSpace", k::plain},
    {"operations", "ngsi-ld:operations", k::plain}, {"pick", "ngsi-ld:pick", k::plain},
    {"previousJson", "ngsi-ld:hasPreviousJson", k::json},
    {"previousLanguageMap", "ngsi-ld:hasPreviousLanguageMap", k::plain},
    {"previousObject", "ngsi-ld:hasPreviousObject", k::id},
    {"previousObjectList", "ngsi-ld:hasPreviousObjectList", k::plain},
    {"previousValue", "ngsi-ld:hasPreviousValue", k::plain},
    {"previousValueList", "ngsi-ld:hasPreviousValueList", k::plain},
    {"previousVocab", "ngsi-ld:hasPreviousVocab", k::vocab},
    {"properties", "geojson:properties", k::plain},
    {"propertyNames", "ngsi-ld:propertyNames", k::vocab}, {"q", "ngsi-ld:q", k::plain},
    {"reason", "ngsi-ld:reason", k::plain}, {"receiverInfo", "ngsi-ld:receiverInfo", k::plain},
    {"refreshRate", "ngsi-ld:refreshRate", k::plain},
    {"registrationId", "ngsi-ld:registrationId", k::plain},
    {"registrationName", "ngsi-ld:registrationName", k::plain},
    {"relationshipNames", "ngsi-ld:relationshipNames", k::vocab},
    {"scope", "ngsi-ld:scope", k::plain}, {"scopeQ", "ngsi-ld:scopeQ", k::plain},
    {"showChanges", "ngsi-ld:showChanges", k::plain},
    {"startAt", "ngsi-ld:startAt", k::plain}, {"status", "ngsi-ld:status", k::plain},
    {"stddev", "ngsi-ld:stddev", k::plain},
    {"subscriptionId", "ngsi-ld:subscriptionId", k::id},
    {"subscriptionName", "ngsi-ld:subscriptionName", k::plain},
    {"success", "ngsi-ld:success", k::id}, {"sum", "ngsi-ld:sum", k::plain},
    {"sumsq", "ngsi-ld:sumsq", k::plain}, {"sysAttrs", "ngsi-ld:sysAttrs", k::plain},
    {"temporalQ", "ngsi-ld:temporalQ", k::plain}, {"tenant", "ngsi-ld:tenant", k::id},
    {"throttling", "ngsi-ld:throttling", k::plain}, {"timeAt", "ngsi-ld:timeAt", k::plain},
    {"timeInterval", "ngsi-ld:timeInterval", k::plain},
    {"timeout", "ngsi-ld:timeout", k::plain},
    {"timeproperty", "ngsi-ld:timeproperty", k::plain},
    {"timerel", "ngsi-ld:timerel", k::plain}, {"timesFailed", "ngsi-ld:timesFailed", k::plain},
    {"timesSent", "ngsi-ld:timesSent", k::plain},
    {"title", "http://purl.org/dc/terms/title", k::plain},
    {"totalCount", "ngsi-ld:totalCount", k::plain},
    {"triggerReason", "ngsi-ld:triggerReason", k::plain},
    {"typeList", "ngsi-ld:typeList", k::vocab}, {"typeName", "ngsi-ld:typeName", k::vocab},
    {"typeNames", "ngsi-ld:typeNames", k::vocab},
    {"unchanged", "ngsi-ld:unchanged", k::plain},
    {"unitCode", "ngsi-ld:unitCode", k::plain}, {"updated", "ngsi-ld:updated", k::plain},
    {"uri", "ngsi-ld:uri", k::plain}, {"value", "ngsi-ld:hasValue", k::plain},
    {"valueList", "ngsi-ld:hasValueList", k::plain},
    {"valueLists", "ngsi-ld:hasValueLists", k::plain},
    {"values", "ngsi-ld:hasValues", k::plain}, {"vocab", "ngsi-ld:hasVocab", k::vocab},
    {"vocabs", "ngsi-ld:hasVocabs", k::plain},
    {"watchedAttributes", "ngsi-ld:watchedAttributes", k::vocab},
});

constexpr std::string_view kGeojsonPrefix = "https://purl.org/geojson/vocab#";

std::string expand_core_iri(std::string_view iri) {
  if (iri.starts_with("ngsi-ld:")) return std::string(kNgsiLdPrefix) += iri.substr(8);
  if (iri.starts_with("geojson:")) return std::string(kGeojsonPrefix) += iri.substr(8);
  if (iri.starts_with("@") || iri.find(':') != std::string_view::npos) return std::string(iri);
  return std::string(kDefaultVocab) += iri;
}

core_tables build() {
  core_tables t;
  t.prefixes.emplace("ngsi-ld", kNgsiLdPrefix);
  t.prefixes.emplace("geojson", kGeojsonPrefix);
  for (auto const& ct : kCoreTerms) {
    std::string iri = expand_core_iri(ct.iri);
    t.iri_to_term.emplace(iri, ct.term);
    if (ct.kind != term_value_kind::plain) t.value_kinds.emplace(iri, ct.kind);
    t.term_to_iri.emplace(ct.term, std::move(iri));
  }
  return t;
}

}  // namespace

core_tables const& core() {
  static core_tables const tables = build();
  return tables;
}

}  // namespace cityos::ngsild::detail
