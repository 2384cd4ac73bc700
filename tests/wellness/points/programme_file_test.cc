// SPDX-License-Identifier: Apache-2.0
// Programme files: load_programme reads JSON and YAML, and a YAML programme is the
// same programme as its JSON twin.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/yaml.h"
#include "wellness/points/presets.h"
#include "wellness/points/programme.h"

namespace cityos::wellness {
namespace {

namespace fs = std::filesystem;

// The kikuyo preset (presets.cc) written as YAML, with comments and both block and flow style.
constexpr std::string_view kKikuyoYaml = R"(# Kikuyo, Kumamoto: 5,000 steps -> 10 pt, +1 per 1,000 more, at most 15
id: kikuyo
name: "Kikuyo health points"
steps:
  perThousand:
    points: 1
    minSteps: 5000
    basePoints: 10
    maxPoints: 15
caps: {daily: 15}
events:
  bodyComposition: {points: 5, perMonth: 1}
  checkup:
    points: 500
    perYear: 1
)";

class programme_file : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cityos-programme-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(std::string const& name, std::string_view text) {
    auto const path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(programme_file, yaml_preset_equals_the_json_preset) {
  auto json_doc = parse_json(*preset_text("kikuyo"));
  auto yaml_doc = parse_yaml(kKikuyoYaml);
  ASSERT_TRUE(json_doc.ok() && yaml_doc.ok());
  EXPECT_EQ(*yaml_doc, *json_doc) << dump(*yaml_doc);

  auto from_yaml = load_programme(write("kikuyo.yaml", kKikuyoYaml));
  auto from_json = load_programme(write("kikuyo.json", *preset_text("kikuyo")));
  ASSERT_TRUE(from_yaml.ok()) << from_yaml.err().detail;
  ASSERT_TRUE(from_json.ok()) << from_json.err().detail;
  EXPECT_EQ(from_yaml->id, "kikuyo");
  EXPECT_EQ(from_yaml->name, from_json->name);
  ASSERT_TRUE(from_yaml->per_thousand);
  EXPECT_EQ(from_yaml->per_thousand->min_steps, 5000);
  EXPECT_EQ(from_yaml->per_thousand->base_points, 10);
  EXPECT_EQ(from_yaml->per_thousand->max_points, 15);
  EXPECT_EQ(from_yaml->caps.daily, 15);
  auto const checkup = static_cast<std::size_t>(event_kind::checkup);
  ASSERT_TRUE(from_yaml->events[checkup]);
  EXPECT_EQ(from_yaml->events[checkup]->points, 500);
  EXPECT_EQ(from_yaml->events[checkup]->per_year, 1);
}

TEST_F(programme_file, every_preset_reads_the_same_from_yml_and_json) {
  // JSON is YAML: each preset's text loads from a .yml file to the same programme.
  for (auto name : preset_names()) {
    auto const text = *preset_text(name);
    auto a = load_programme(write(std::string(name) + ".yml", text));
    auto b = load_programme(write(std::string(name) + ".JSON", text));
    ASSERT_TRUE(a.ok() && b.ok()) << name;
    EXPECT_EQ(a->id, b->id);
    EXPECT_EQ(a->tiers.size(), b->tiers.size());
    EXPECT_EQ(a->caps.daily, b->caps.daily);
    EXPECT_EQ(a->caps.annual, b->caps.annual);
    EXPECT_EQ(a->late_upload_days, b->late_upload_days);
  }
}

TEST_F(programme_file, errors_name_the_file_and_what_is_wrong) {
  auto missing = load_programme(dir_ / "absent.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::not_found);
  EXPECT_NE(missing.err().detail.find("absent.yaml"), std::string::npos);

  auto ext = load_programme(write("programme.txt", "id: x\n"));
  ASSERT_FALSE(ext.ok());
  EXPECT_EQ(ext.err().code, error_code::bad_request);
  EXPECT_NE(ext.err().detail.find(".json, .yaml or .yml"), std::string::npos);

  auto syntax = load_programme(write("broken.yaml", "id: x\nsteps: [1, 2\n"));
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.err().code, error_code::invalid_request);
  EXPECT_NE(syntax.err().detail.find("broken.yaml: YAML line 3"), std::string::npos) << syntax.err().detail;

  // A quoted number stays a string in YAML, so the member error of parse_programme follows.
  auto content = load_programme(write("bad.yaml", "id: x\ncaps:\n  daily: \"3\"\n"));
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.err().code, error_code::bad_request);
  EXPECT_NE(content.err().detail.find("bad.yaml: caps.daily"), std::string::npos) << content.err().detail;

  auto bad_json = load_programme(write("bad.json", "id: x\n"));
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.err().code, error_code::invalid_request);
}

}  // namespace
}  // namespace cityos::wellness
