// Result<T>: a value of T or an Error. [[nodiscard]] so no failure is ignored.
//
//   Result<int> parse(std::string_view s);
//   auto r = parse(s);
//   if (!r) return r.error();        // propagate (converts to any Result<U>)
//   use(*r);
//
// Result<void> is spelled Status; a success is Status{} or okStatus().
#pragma once

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "platform/error/error.h"

namespace psirt {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <typename U,
            typename = std::enable_if_t<std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
                                        !std::is_same_v<std::decay_t<U>, Error>>>
  Result(U&& value) : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  T value_or(T other) const& { return ok() ? value() : std::move(other); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;
inline Status okStatus() { return Status{}; }

}  // namespace psirt

// Propagates an error from an expression returning Result/Status.
#define PSIRT_TRY(expr)                         \
  do {                                          \
    auto psirt_try_r_ = (expr);                 \
    if (!psirt_try_r_) return psirt_try_r_.error(); \
  } while (0)

// Declares `var` from a Result expression, or returns its error.
#define PSIRT_ASSIGN_OR_RETURN(var, expr)                 \
  auto var##_result_ = (expr);                            \
  if (!var##_result_) return var##_result_.error();       \
  auto var = std::move(var##_result_).value()
