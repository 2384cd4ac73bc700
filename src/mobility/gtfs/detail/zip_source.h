// SPDX-License-Identifier: Apache-2.0
// feed_source over a .zip archive (libzip). Private to mobility/gtfs.
#pragma once

#include <filesystem>
#include <memory>

#include "common/result.h"
#include "mobility/gtfs/feed_source.h"

namespace cityos::mobility::gtfs::detail {

// Errors: bad_request if the file is not a readable zip archive.
result<std::unique_ptr<feed_source>> open_zip_source(std::filesystem::path const& path);

}  // namespace cityos::mobility::gtfs::detail
