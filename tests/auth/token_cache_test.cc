// SPDX-License-Identifier: Apache-2.0
#include "auth/token_cache.h"

#include <gtest/gtest.h>

namespace cityos::auth {
namespace {

TEST(token_cache, remembers_until_expiry_and_stays_bounded) {
  token_cache c(3);
  principal p{principal::kind::token, "alice", "alice", {}};
  c.put("t1", p, 1000);
  ASSERT_TRUE(c.find("t1", 999));
  EXPECT_EQ(c.find("t1", 999)->subject, "alice");
  EXPECT_FALSE(c.find("t1", 1000));  // expired
  EXPECT_FALSE(c.find("t2", 0));
  c.put("t2", p, 1000);
  c.put("t3", p, 1000);
  c.put("t4", p, 1000);  // full: cleared, then t4
  EXPECT_LE(c.size(), 3u);
  EXPECT_TRUE(c.find("t4", 0));
}

}  // namespace
}  // namespace cityos::auth
