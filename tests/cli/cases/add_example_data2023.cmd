d=$(mktemp -d); cp -r data/2023 "$d/ws"; "$GK" -C "$d/ws" --as-of 2023-12-31 add 建设局 9 2023-12-20 published 淄博高新区2023年第三批保障性租赁住房项目认定结果; rc=$?; rm -rf "$d"; exit $rc
