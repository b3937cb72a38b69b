"$GK" frobnicate
