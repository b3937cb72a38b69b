"$GK" -C data/2023 status --dept 不存在局
