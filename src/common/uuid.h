// SPDX-License-Identifier: Apache-2.0
// Random (version 4) UUIDs for generated resource ids (subscriptions,
// notifications). Thread-safe.
#pragma once

#include <string>

namespace cityos {

// Returns a fresh random UUID in its 36-character text form, lower case.
std::string random_uuid();

}  // namespace cityos
