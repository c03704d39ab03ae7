// torch-node/vision models (torchvision.models): torchvision's module names and state_dict keys.
export {};
