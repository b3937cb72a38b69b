"$GK" --lang zh cal 2024-02
