// SPDX-License-Identifier: Apache-2.0
#include "app/demo_city.h"

namespace cityos::app {

namespace {

constexpr char const* kDemoEntities = R"json([
 {"id": "urn:ngsi-ld:WaterObserved:fujieda-setogawa-01", "type": "WaterObserved",
  "name": {"type": "LanguageProperty", "languageMap": {"ja": "瀬戸川 藤枝水位観測所", "en": "Setogawa river gauge, Fujieda"}},
  "height": {"type": "Property", "value": 1.42, "unitCode": "MTR", "observedAt": "2026-11-25T09:00:00Z"},
  "bankHeight": {"type": "Property", "value": 4.8, "unitCode": "MTR"},
  "floodCautionLevel": {"type": "Property", "value": 2.6, "unitCode": "MTR"},
  "floodDangerLevel": {"type": "Property", "value": 3.9, "unitCode": "MTR"},
  "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [138.2571, 34.8672]}}},
 {"id": "urn:ngsi-ld:GtfsStop:muroran-higashimuroran-eki", "type": "GtfsStop",
  "name": {"type": "LanguageProperty", "languageMap": {"ja": "東室蘭駅東口", "en": "Higashi-Muroran Station East"}},
  "code": {"type": "Property", "value": "1001"},
  "operatedBy": {"type": "Relationship", "object": "urn:ngsi-ld:GtfsAgency:donanbus"},
  "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.0237, 42.3497]}}},
 {"id": "urn:ngsi-ld:OffStreetParking:sapporo-odori-01", "type": "OffStreetParking",
  "name": {"type": "LanguageProperty", "languageMap": {"ja": "大通西駐車場", "en": "Odori West Parking"}},
  "totalSpotNumber": {"type": "Property", "value": 200},
  "availableSpotNumber": {"type": "Property", "value": 57, "observedAt": "2026-11-25T09:00:00Z"},
  "status": {"type": "Property", "value": "open"},
  "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3505, 43.0597]}}},
 {"id": "urn:ngsi-ld:CrowdFlowObserved:marunouchi-nakadori-01", "type": "CrowdFlowObserved",
  "name": {"type": "Property", "value": "Marunouchi Naka-dori people counter"},
  "peopleCount": {"type": "Property", "value": 1284, "observedAt": "2026-11-25T09:00:00Z"},
  "congested": {"type": "Property", "value": false},
  "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[139.7632, 35.6812], [139.7640, 35.6790]]}}},
 {"id": "urn:ngsi-ld:AirQualityObserved:tsukuba-center-01", "type": "AirQualityObserved",
  "NO2": {"type": "Property", "value": 12.5, "unitCode": "GQ", "observedAt": "2026-11-25T09:00:00Z"},
  "pm25": {"type": "Property", "value": 8.1, "unitCode": "GQ", "observedAt": "2026-11-25T09:00:00Z"},
  "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [140.1117, 36.0827]}}},
 {"id": "urn:ngsi-ld:PointOfInterest:masuda-shelter-01", "type": "PointOfInterest",
  "name": {"type": "LanguageProperty", "languageMap": {"ja": "益田市民学習センター", "en": "Masuda Citizens' Learning Centre"}},
  "category": {"type": "Property", "value": ["shelter"]},
  "capacity": {"type": "Property", "value": 350},
  "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [131.8431, 34.6776]}}}
])json";

}  // namespace

result<void> load_demo_city(api::router const& r) {
  api::http_request req;
  req.method = "POST";
  req.target = req.path = "/ngsi-ld/v1/entityOperations/upsert";
  req.headers = {{"content-type", "application/json"}};
  req.body = kDemoEntities;
  req.has_content_length = true;
  auto resp = r.handle(req);
  if (resp.status != 201 && resp.status != 204) {
    return make_error(error_code::internal, "demo city rejected: " + resp.body);
  }
  return {};
}

}  // namespace cityos::app
