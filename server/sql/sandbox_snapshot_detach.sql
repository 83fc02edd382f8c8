DETACH {{snapshot}};
